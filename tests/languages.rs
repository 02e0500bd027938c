//! A site in four languages (`tests/fixtures/languages`), each way of
//! giving a language used: a folder (`content/ja/`), a suffix
//! (`restore-drills.fr.md`), front matter (`lang: zh-CN` in
//! `guides/zh/`), and `translation_of:` for paths that differ.

mod common;

use common::{TestSite, between};

fn head_links(html: &str) -> Vec<String> {
    html.lines()
        .filter(|l| l.starts_with("<link rel=\"alternate\" hreflang="))
        .map(str::to_string)
        .collect()
}

#[test]
fn each_page_is_in_its_language_with_its_translations_both_ways() {
    let site = TestSite::built("languages");
    let ja = site.read("ja/guides/restore-drills/index.html");
    assert!(ja.contains(r#"<html lang="ja" dir="ltr">"#));
    let fr = site.read("fr/guides/restore-drills/index.html");
    assert!(fr.contains(r#"<html lang="fr" dir="ltr">"#));
    let zh = site.read("guides/zh/restore-drills/index.html");
    assert!(zh.contains(r#"<html lang="zh-CN" dir="ltr">"#));
    let en = site.read("guides/restore-drills/index.html");
    assert!(en.contains(r#"<html lang="en" dir="ltr">"#));
    // Every version lists every version, itself included, and x-default.
    let expected = [
        r#"<link rel="alternate" hreflang="en" href="https://example.org/kb/guides/restore-drills/">"#,
        r#"<link rel="alternate" hreflang="ja" href="https://example.org/kb/ja/guides/restore-drills/">"#,
        r#"<link rel="alternate" hreflang="fr" href="https://example.org/kb/fr/guides/restore-drills/">"#,
        r#"<link rel="alternate" hreflang="zh-CN" href="https://example.org/kb/guides/zh/restore-drills/">"#,
        r#"<link rel="alternate" hreflang="x-default" href="https://example.org/kb/guides/restore-drills/">"#,
    ];
    for page in [&ja, &fr, &zh, &en] {
        assert_eq!(head_links(page), expected, "{page}");
    }
    // The switcher names each language in itself, marks the current one
    // and tells the browser the language of each name.
    let switcher = between(&ja, r#"<nav class="languages""#, "</nav>");
    assert!(
        switcher.contains(r#"aria-label="このページの他の言語""#),
        "{switcher}"
    );
    assert!(
        switcher.contains(
            r#"<a href="/kb/fr/guides/restore-drills/" lang="fr" dir="auto" hreflang="fr">Français</a>"#
        ),
        "{switcher}"
    );
    assert!(
        switcher.contains(r#"lang="ja" dir="auto" hreflang="ja" aria-current="page">日本語</a>"#),
        "{switcher}"
    );
    // `translation_of:` links paths that differ.
    let chiffrement = site.read("guides/chiffrement/index.html");
    assert!(
        chiffrement.contains(r#"hreflang="en" href="https://example.org/kb/guides/encryption/""#)
    );
    assert!(
        site.read("guides/encryption/index.html")
            .contains(r#"hreflang="fr" href="https://example.org/kb/guides/chiffrement/""#)
    );
    // A page without translations has no switcher and no alternates.
    let question = site.read("questions/offsite/index.html");
    assert!(
        question.contains(r#"hreflang="ja""#),
        "questions translate too"
    );
    let people = site.read("people/index.html");
    assert!(!people.contains("hreflang"));
}

#[test]
fn the_theme_speaks_the_page_language_and_dates_follow_it() {
    let site = TestSite::built("languages");
    let ja = site.read("ja/guides/restore-drills/index.html");
    assert!(ja.contains(r#"<p class="kicker">ガイド</p>"#), "{ja}");
    assert!(ja.contains("2026年2月1日"), "{ja}");
    assert!(ja.contains(">メインコンテンツへ移動</a>"));
    assert!(
        ja.contains(r#"<a href="/kb/ja/questions/">質問</a>"#),
        "nav in Japanese, to the Japanese lists"
    );
    let fr = site.read("fr/guides/restore-drills/index.html");
    assert!(fr.contains("1 juillet 2026"), "{fr}");
    assert!(fr.contains(">Questions</a>"));
    let question = site.read("ja/questions/offsite/index.html");
    assert!(question.contains("未回答"), "status label");
    assert!(question.contains("0 件の回答"), "{question}");
    // The original is older than its translation here: no notice on the
    // French one; the Japanese one is behind its original (updated later).
    assert!(
        ja.contains(r#"<p class="notice outdated" role="note">この翻訳は古い可能性があります"#),
        "{ja}"
    );
    assert!(ja.contains(r#"<a href="/kb/guides/restore-drills/" hreflang="en">原文を読む</a>"#));
    assert!(!fr.contains("notice outdated"));
}

#[test]
fn each_language_has_its_home_lists_and_feeds() {
    let site = TestSite::built("languages");
    let home = site.read("ja/index.html");
    assert!(
        home.contains("<h1>バックアップの輪へようこそ</h1>"),
        "intro from ja/_index.md"
    );
    assert!(
        home.contains("<title>バックアップの輪</title>"),
        "the language's title"
    );
    assert!(home.contains("オフサイトのコピー"));
    assert!(
        !home.contains("Where do you keep offsite copies?"),
        "English stays on /"
    );
    let english = site.read("index.html");
    assert!(english.contains("Where do you keep offsite copies?"));
    assert!(!english.contains("オフサイト"));
    assert!(
        english
            .contains(r#"<link rel="alternate" hreflang="ja" href="https://example.org/kb/ja/">"#)
    );
    let guides = site.read("fr/guides/index.html");
    assert!(
        guides.contains("Exercices de restauration") && guides.contains("Chiffrer les sauvegardes")
    );
    assert!(!guides.contains("Encrypting backups"));
    assert!(site.read("zh-cn/guides/index.html").contains("恢复演练"));

    // Feeds, parsed back: each lists its language's entries, in its language.
    let feed = |path: &str| {
        atom_syndication::Feed::read_from(site.read(path).as_bytes())
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let ja_feed = feed("ja/feed.xml");
    assert_eq!(ja_feed.lang.as_deref(), Some("ja"));
    let titles: Vec<String> = ja_feed
        .entries
        .iter()
        .map(|e| e.title.value.clone())
        .collect();
    assert_eq!(
        titles,
        ["オフサイトのコピーはどこに保管していますか？", "復元訓練"]
    );
    let fr_guides = feed("fr/guides/feed.xml");
    assert_eq!(fr_guides.entries.len(), 2);
    let en_feed = feed("feed.xml");
    assert!(
        en_feed
            .entries
            .iter()
            .all(|e| !e.title.value.contains("復元"))
    );
    assert_eq!(en_feed.lang.as_deref(), Some("en"));
    // Titled in their language: its site title and description, the
    // theme's words for sections and tags.
    assert_eq!(en_feed.title.value, "Backup circle");
    assert_eq!(ja_feed.title.value, "バックアップの輪");
    assert_eq!(
        ja_feed.subtitle.as_ref().map(|s| s.value.as_str()),
        Some("データを守る方法")
    );
    assert_eq!(
        feed("ja/questions/feed.xml").title.value,
        "質問 · バックアップの輪"
    );
    assert_eq!(
        feed("ja/tags/backups/feed.xml").title.value,
        "タグ「backups」 · バックアップの輪"
    );
    assert_eq!(
        feed("tags/backups/feed.xml").title.value,
        "Tagged “backups” · Backup circle"
    );
    // Link previews name the site in the page's language too.
    let ja_home = site.read("ja/index.html");
    for meta in [
        r#"<meta property="og:site_name" content="バックアップの輪">"#,
        r#"<meta property="og:title" content="バックアップの輪">"#,
        r#"<meta property="og:description" content="データを守る方法">"#,
    ] {
        assert!(ja_home.contains(meta), "{meta}");
    }
    assert!(
        site.read("ja/guides/restore-drills/index.html")
            .contains(r#"<meta property="og:site_name" content="バックアップの輪">"#)
    );

    // Tags too: each language's tag pages list its own entries, and say
    // each link's language.
    let tag = site.read("ja/tags/backups/index.html");
    assert!(
        tag.contains(
            r#"<a href="/kb/ja/guides/restore-drills/" lang="ja" dir="auto">復元訓練</a>"#
        ),
        "{tag}"
    );
    assert!(!tag.contains("Restore drills"));
    assert!(
        site.read("tags/backups/index.html")
            .contains(r#"lang="en" dir="auto">Restore drills</a>"#)
    );
    assert!(
        site.read("ja/tags/index.html")
            .contains(r#"href="/kb/ja/tags/backups/""#)
    );
    assert_eq!(feed("ja/tags/backups/feed.xml").entries.len(), 1);

    // The sitemap carries the alternates of each page.
    let sitemap = site.read("sitemap.xml");
    let entry = between(
        &sitemap,
        "<loc>https://example.org/kb/ja/guides/restore-drills/</loc>",
        "</url>",
    );
    assert!(entry.contains(r#"<xhtml:link rel="alternate" hreflang="fr" href="https://example.org/kb/fr/guides/restore-drills/"/>"#), "{entry}");
    assert!(
        entry.contains(
            r#"hreflang="x-default" href="https://example.org/kb/guides/restore-drills/""#
        )
    );
}

#[test]
fn stats_and_check_report_translations() {
    let site = TestSite::built("languages");
    let stats: serde_json::Value = serde_json::from_str(&site.read("stats.json")).unwrap();
    let languages = stats["languages"].as_array().unwrap();
    let tags: Vec<&str> = languages
        .iter()
        .map(|l| l["lang"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["en", "fr", "ja", "zh-CN"]);
    let ja = &languages[2];
    assert_eq!(ja["guides_translated"], 1);
    assert_eq!(ja["guides_in_default"], 2);
    assert_eq!(ja["outdated"][0]["url"], "/kb/ja/guides/restore-drills/");
    assert_eq!(
        languages[1]["guides_translated"], 2,
        "suffix and translation_of"
    );
    assert!(site.read("stats/index.html").contains("2 of 2 translated"));

    let check = site.run(&["check"]);
    assert_eq!(check.code(), 0, "{}", check.stderr());
    check.assert_stderr_has("content/ja/guides/restore-drills.md:3:7");
    check.assert_stderr_has(
        "this translation may be out of date: its original `content/guides/restore-drills.md` changed on 2026-06-01",
    );
}

#[test]
fn bad_languages_are_located_and_unlisted_ones_work_with_a_hint() {
    let site = TestSite::fixture("languages");
    site.write(
        "content/guides/bad.md",
        "---\ntitle: Bad\nlang: en_GB\n---\nText.\n",
    );
    let run = site.build();
    assert_eq!(run.code(), 1);
    run.assert_stderr_has("content/guides/bad.md:3:7");
    run.assert_stderr_has("`en_GB` is not a BCP 47 language tag");

    let site = TestSite::fixture("languages");
    site.write(
        "content/guides/pt.md",
        "---\ntitle: Guia\nlang: pt-BR\n---\nTexto.\n",
    );
    site.write(
        "content/guides/encryption-again.md",
        "---\ntitle: Again\ntranslation_of: guides/chiffrement.md\n---\nText.\n",
    );
    let run = site.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let page = site.read("guides/pt/index.html");
    assert!(page.contains(r#"<html lang="pt-BR" dir="ltr">"#));
    assert!(
        page.contains(r#"<p class="kicker">Guia</p>"#),
        "pt-BR falls back to pt words"
    );
    let check = site.run(&["check"]);
    check.assert_stderr_has("`pt-BR` is not one of the site's languages");
    check.assert_stderr_has("are both translations of one entry in `en`");

    let site = TestSite::fixture("languages");
    site.write(
        "guildhall.yml",
        "title: T\nlanguages:\n  ja: {}\n  not a tag: {}\n",
    );
    let run = site.build();
    assert_eq!(run.code(), 1);
    run.assert_stderr_has("guildhall.yml:4:3");
}

#[test]
fn right_to_left_pages_say_so() {
    let site = TestSite::fixture("languages");
    site.write(
        "content/guides/restore-drills.ar.md",
        "---\ntitle: تمارين الاستعادة\nlang: ar\n---\nنص.\n",
    );
    site.build().success();
    // Its suffix names its language, so it is published under `/ar/`.
    let page = site.read("ar/guides/restore-drills/index.html");
    assert!(page.contains(r#"<html lang="ar" dir="rtl">"#), "{page}");
    assert!(page.contains(r#"<p class="kicker">دليل</p>"#));
}

/// Counted words take the page language's plural forms (CLDR's): Arabic's
/// dual for two answers, Russian's three forms from a site's own word
/// file written as a map; a mistaken map is a warning naming its file.
#[test]
fn counted_words_take_the_languages_plural_forms() {
    let site = TestSite::fixture("languages");
    site.write(
        "guildhall.yml",
        "title: T\nlanguages:\n  ja: {}\n  ar: {}\n  ru: {}\n",
    );
    let answers = |lang: &str, folder: &str, n: usize| {
        site.write(
            &format!("content/questions/{folder}/index.md"),
            format!(
                "---\ntitle: Q {folder}\nlang: {lang}\ndate: 2026-04-03\nauthor: asker\n---\nWhy?\n"
            ),
        );
        for i in 0..n {
            site.write(
                &format!("content/questions/{folder}/a{i}.md"),
                format!("---\ndate: 2026-04-04\nauthor: p{i}\n---\nBecause {i}.\n"),
            );
        }
    };
    answers("ar", "two", 2);
    answers("ar", "three", 3);
    answers("ar", "eleven", 11);
    answers("ru", "five", 5);
    answers("ru", "twenty-two", 22);
    site.write(
        "themes/default/i18n/ru.yml",
        "answers_n:\n  one: \"{n} ответ\"\n  few: \"{n} ответа\"\n  many: \"{n} ответов\"\n  other: \"{n} ответа\"\nvotes_n:\n  one: \"{n} голос\"\n  plenty: \"{n} голосов\"\n",
    );
    let run = site.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    run.assert_stderr_has("themes/default/i18n/ru.yml");
    run.assert_stderr_has("`votes_n`'s plural forms are left out: `plenty` is not a plural form");
    let heading = |path: &str| {
        let page = site.read(path);
        let start = page
            .find(r#"<h2 id="answers">"#)
            .expect("an answers heading");
        let rest = &page[start + r#"<h2 id="answers">"#.len()..];
        rest[..rest.find("</h2>").expect("its end")].to_string()
    };
    assert_eq!(heading("questions/two/index.html"), "إجابتان");
    assert_eq!(heading("questions/three/index.html"), "3 إجابات");
    assert_eq!(heading("questions/eleven/index.html"), "11 إجابة");
    assert_eq!(heading("questions/five/index.html"), "5 ответов");
    assert_eq!(heading("questions/twenty-two/index.html"), "22 ответа");
    // The unanswered question of the fixture, in English: "0 answers".
    let list = site.read("questions/index.html");
    assert!(list.contains("0 answers"), "{list}");
}

/// A callout without a title of its own is titled in its page's
/// language; one with a title, or of an alias kind (`faq`), keeps it; a
/// site's word file changes the word. A guide's level is named in the
/// page's language too.
#[test]
fn callouts_are_titled_in_the_pages_language() {
    let site = TestSite::fixture("languages");
    site.write(
        "content/guides/restore-drills.fr.md",
        "---\ntitle: Exercices de restauration\nlang: fr\nlevel: beginner\n---\n> [!TIP]\n> Testez.\n\n> [!warning] Attention aux disques\n> Pleins.\n\n> [!faq]\n> Pourquoi ?\n\n> [!caution]-\n> Replié.\n",
    )
    .write(
        "content/ja/guides/restore-drills.md",
        "---\ntitle: 復元訓練\nlang: ja\n---\n> [!NOTE]\n> 毎月。\n",
    )
    .write("themes/default/i18n/fr.yml", "callout_caution: Prudence\n");
    let run = site.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let titles = |page: &str| -> Vec<String> {
        page.split(r#"class="callout-title">"#)
            .skip(1)
            .map(|rest| {
                let (_, title) = rest
                    .split_once("</span> ")
                    .expect("an icon, then the title");
                title[..title.find('<').expect("the title's end")].to_string()
            })
            .collect()
    };
    let french = site.read("fr/guides/restore-drills/index.html");
    assert_eq!(
        titles(&french),
        ["Astuce", "Attention aux disques", "Faq", "Prudence"],
        "{french}"
    );
    assert_eq!(
        titles(&site.read("ja/guides/restore-drills/index.html")),
        ["注記"]
    );
    // A guide's level is one of three, named in the page's language too.
    assert!(
        french.contains(r#"<span class="level">Débutant</span>"#),
        "{french}"
    );
    // English stays English.
    site.write(
        "content/guides/encryption.md",
        "---\ntitle: Encryption\n---\n> [!TIP]\n> Rotate keys.\n",
    );
    site.build().success();
    assert_eq!(titles(&site.read("guides/encryption/index.html")), ["Tip"]);
}

/// A site changes a word, or adds a language, with its theme folder's
/// own `i18n/<tag>.yml`; a word it leaves out falls back to English.
#[test]
fn a_site_overrides_and_adds_the_themes_words() {
    let site = TestSite::fixture("languages");
    site.write("themes/default/i18n/ja.yml", "guide: 手引き\n")
        .write(
            "themes/default/i18n/ko.yml",
            "language_name: 한국어\nguide: 가이드\n",
        )
        .write(
            "content/guides/restore-drills.ko.md",
            "---\ntitle: 복원 훈련\nlang: ko\n---\n분기마다 복원 훈련을 합니다.\n",
        );
    site.build().success();
    let ja = site.read("ja/guides/restore-drills/index.html");
    assert!(ja.contains(r#"<p class="kicker">手引き</p>"#), "{ja}");
    assert!(ja.contains("質問"), "the other Japanese words stay");
    let ko = site.read("ko/guides/restore-drills/index.html");
    assert!(ko.contains(r#"<html lang="ko" dir="ltr">"#));
    assert!(ko.contains(r#"<p class="kicker">가이드</p>"#), "{ko}");
    assert!(
        ko.contains(">Questions</a>"),
        "missing words fall back to English"
    );
    assert!(
        ja.contains(r#"lang="ko" dir="auto" hreflang="ko">한국어</a>"#),
        "named in itself in the switcher"
    );
}

/// "Related" lists pages in the page's own language, as Hugo's related
/// content does (each language a site of its own there): a translation
/// shares its original's tags and title, and would otherwise take the
/// list's first place, where the language switcher already links it.
#[test]
fn related_pages_are_in_the_pages_language() {
    let site = TestSite::basic();
    site.write(
        "guildhall.yml",
        "title: KB\nlanguages:\n  fr: { name: Français }\n",
    )
    .write(
        "content/guides/backups.md",
        "---\ntitle: Backups\ndate: 2026-01-10\ntags: [backups, ops]\n---\nKeep three copies ([en français](restaurations.fr.md)).\n",
    )
    .write(
        "content/guides/backups.fr.md",
        "---\ntitle: Sauvegardes\ndate: 2026-01-11\ntags: [backups, ops]\n---\nGardez trois copies.\n",
    )
    .write(
        "content/guides/restores.md",
        "---\ntitle: Restores\ndate: 2026-01-05\ntags: [backups]\n---\nTry a restore.\n",
    )
    .write(
        "content/guides/restaurations.fr.md",
        "---\ntitle: Restaurations\ndate: 2026-01-06\ntags: [backups]\n---\nEssayez.\n",
    );
    let run = site.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let en = site.read("guides/backups/index.html");
    let related = between(&en, r#"id="related""#, "</section>");
    assert!(related.contains(">Restores</a>"), "{related}");
    assert!(!related.contains("Sauvegardes"), "{related}");
    assert!(!related.contains("Restaurations"), "{related}");
    let fr = site.read("fr/guides/backups/index.html");
    let related = between(&fr, r#"id="related""#, "</section>");
    assert!(related.contains(">Restaurations</a>"), "{related}");
    assert!(!related.contains(">Backups</a>"), "{related}");
    assert!(!related.contains(">Restores</a>"), "{related}");
    // The translation is still a link away, in the switcher.
    assert!(en.contains(r#"hreflang="fr""#), "{en}");
    // A link in the page's language says nothing of it; one in another
    // language says which.
    assert!(
        en.contains(r#"<li><a href="/guides/restores/">Restores</a>"#),
        "{en}"
    );
    let restaurations = site.read("fr/guides/restaurations/index.html");
    let linked = between(&restaurations, r#"id="linked-from""#, "</section>");
    assert!(
        linked.contains(r#"<a href="/guides/backups/" lang="en" dir="auto">Backups</a>"#),
        "{linked}"
    );
}
