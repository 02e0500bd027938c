//! The pull-request loop: `new` writes files that build, `init` starts a
//! site that builds with working GitHub workflows, and pages link to
//! GitHub's editor and to a pre-filled new answer.

mod common;

use common::TestSite;
use percent_encoding::percent_decode_str;

fn stdout_path(run: &common::Run) -> String {
    run.stdout().trim().to_string()
}

#[test]
fn new_writes_each_kind_where_it_belongs_and_the_result_builds() {
    let site = TestSite::empty();
    let q = site.run_exact(&[
        "new",
        "question",
        "Backups: where do we start?",
        ".",
        "--author",
        "Ana Lima",
    ]);
    assert_eq!(q.code(), 0, "{}", q.stderr());
    assert_eq!(
        stdout_path(&q),
        "./content/questions/backups-where-do-we-start.md"
    );
    let text = std::fs::read_to_string(
        site.root
            .join("content/questions/backups-where-do-we-start.md"),
    )
    .expect("written");
    assert!(
        text.starts_with(
            "---\ntitle: 'Backups: where do we start?'\nauthor: Ana Lima\ndate: 2026-05-28\n"
        ),
        "{text}"
    );
    for (kind, title, path) in [
        (
            "guide",
            "Runbooks that work",
            "./content/guides/runbooks-that-work.md",
        ),
        (
            "event",
            "Autumn meetup",
            "./content/events/autumn-meetup.md",
        ),
        ("page", "About us", "./content/about-us.md"),
    ] {
        let run = site.run_exact(&["new", kind, title, ".", "--author", "Bo"]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
        assert_eq!(stdout_path(&run), path);
    }
    let answer = site.run_exact(&[
        "new",
        "answer",
        "--question",
        "backups-where-do-we-start",
        "--author",
        "Bo Chen",
    ]);
    assert_eq!(answer.code(), 0, "{}", answer.stderr());
    assert_eq!(
        stdout_path(&answer),
        "./content/questions/backups-where-do-we-start/bo-chen.md"
    );

    let run = site.build().success();
    run.assert_stderr_has("1 question, 1 answer, 1 guide, 1 event, 1 page");
    let question = site.read("questions/backups-where-do-we-start/index.html");
    assert!(
        question.contains("id=\"answer-bo-chen\""),
        "the answer beside a single-file question belongs to it"
    );
    assert!(site.run(&["check"]).code() == 0);
}

#[test]
fn new_never_overwrites_and_picks_a_free_name() {
    let site = TestSite::empty();
    for expected in ["./content/guides/setup.md", "./content/guides/setup-2.md"] {
        let run = site.run_exact(&["new", "guide", "Setup", "."]);
        assert_eq!(stdout_path(&run), expected);
    }
}

#[test]
fn new_reports_usage_and_site_problems() {
    let site = TestSite::empty();
    let no_title = site.run_exact(&["new", "guide"]);
    assert_eq!(no_title.code(), 2);
    assert!(no_title.stderr().contains("`new guide` needs a title"));
    let no_question = site.run_exact(&["new", "answer", "--question", "nothing", "--author", "A"]);
    assert_eq!(no_question.code(), 1);
    assert!(
        no_question.stderr().contains("no question `nothing`"),
        "{}",
        no_question.stderr()
    );
    let mut command = assert_cmd::Command::cargo_bin("guildhall").expect("binary");
    site.write(
        "content/questions/q.md",
        "---\ntitle: Q\ndate: 2026-01-01\n---\n",
    );
    let empty_home = tempfile::tempdir().expect("temp");
    let output = command
        .current_dir(&site.root)
        .args(["new", "answer", "--question", "q"])
        .env("HOME", empty_home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("run");
    assert_eq!(
        output.status.code(),
        Some(2),
        "no author known: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("pass --author NAME"));
}

#[test]
fn init_starts_a_site_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().expect("temp");
    let kb = dir.path().join("ops-guild-kb");
    let mut command = assert_cmd::Command::cargo_bin("guildhall").expect("binary");
    let output = command.arg("init").arg(&kb).output().expect("run");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for file in [
        "guildhall.yml",
        "README.md",
        "CONTRIBUTING.md",
        ".github/pull_request_template.md",
        ".github/workflows/pages.yml",
        ".github/workflows/check.yml",
    ] {
        assert!(kb.join(file).is_file(), "{file}");
    }
    assert!(
        std::fs::read_to_string(kb.join("guildhall.yml"))
            .expect("config")
            .contains("title: Ops Guild Kb")
    );
    let mut build = assert_cmd::Command::cargo_bin("guildhall").expect("binary");
    let output = build
        .arg("build")
        .arg(&kb)
        .env("NO_COLOR", "1")
        .output()
        .expect("build");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("2 questions, 1 answer, 1 guide, 1 event"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "no warnings: {stderr}");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
    let mut command = assert_cmd::Command::cargo_bin("guildhall").expect("binary");
    let output = command.arg("init").arg(dir.path()).output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not empty"));
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("read").count(),
        1,
        "nothing written"
    );
}

#[test]
fn init_workflows_parse_and_deploy_to_pages() {
    let dir = tempfile::tempdir().expect("temp");
    let kb = dir.path().join("kb");
    let mut command = assert_cmd::Command::cargo_bin("guildhall").expect("binary");
    assert!(
        command
            .arg("init")
            .arg(&kb)
            .output()
            .expect("run")
            .status
            .success()
    );
    let pages: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(kb.join(".github/workflows/pages.yml")).expect("read"),
    )
    .expect("valid YAML");
    assert_eq!(pages["permissions"]["pages"], "write");
    assert_eq!(pages["permissions"]["id-token"], "write");
    assert!(
        pages["on"]["schedule"][0]["cron"].is_string(),
        "a daily build moves events to the past"
    );
    let uses = |job: &str| -> Vec<String> {
        pages["jobs"][job]["steps"]
            .as_sequence()
            .expect("steps")
            .iter()
            .filter_map(|s| s["uses"].as_str().map(str::to_string))
            .collect()
    };
    assert!(
        uses("build")
            .iter()
            .any(|u| u.starts_with("actions/upload-pages-artifact@")),
        "{:?}",
        uses("build")
    );
    assert!(
        uses("deploy")
            .iter()
            .any(|u| u.starts_with("actions/deploy-pages@"))
    );
    assert_eq!(
        pages["jobs"]["deploy"]["environment"]["name"],
        "github-pages"
    );
    let runs: Vec<String> = pages["jobs"]["build"]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .filter_map(|s| s["run"].as_str().map(str::to_string))
        .collect();
    assert!(runs.iter().any(|r| r.contains("guildhall build")));
    let check: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(kb.join(".github/workflows/check.yml")).expect("read"),
    )
    .expect("valid YAML");
    assert!(check["on"]["pull_request"].is_null() || check["on"]["pull_request"].is_mapping());
    let check_run = check["jobs"]["check"]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        check_run.contains("git diff --name-only")
            && check_run.contains("guildhall check . --format github"),
        "{check_run}"
    );
}

/// The `href` of the first link whose text is `text`, HTML entities undone.
fn href_of(html: &str, text: &str) -> String {
    let end = html
        .find(&format!(">{text}"))
        .unwrap_or_else(|| panic!("no link `{text}`"));
    let start = html[..end].rfind("href=\"").expect("href") + 6;
    let close = start + html[start..].find('"').expect("closing quote");
    html[start..close].replace("&amp;", "&")
}

#[test]
fn edit_and_answer_links_open_the_right_files_on_github() {
    let site = TestSite::fixture("community");
    site.write(
        "guildhall.yml",
        "title: C\nbase_url: https://example.org/kb/\nrepository: https://github.com/org/kb\nbranch: trunk\nrepository_folder: site\n",
    );
    site.build().success();
    let guide = site.read("guides/backup-guide/index.html");
    assert_eq!(
        href_of(&guide, "Edit this page"),
        "https://github.com/org/kb/edit/trunk/site/content/guides/backup-guide.md"
    );

    // A question in a folder with two answers: the next free answer name.
    let question = site.read("questions/restore-test/index.html");
    let url = href_of(&question, "Answer this question");
    let (path, query) = url.split_once('?').expect("query");
    assert_eq!(
        path,
        "https://github.com/org/kb/new/trunk/site/content/questions/restore-test"
    );
    let params: Vec<(String, String)> = query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("key=value");
            (
                k.to_string(),
                percent_decode_str(v)
                    .decode_utf8()
                    .expect("utf-8")
                    .into_owned(),
            )
        })
        .collect();
    assert_eq!(
        params[0],
        ("filename".to_string(), "answer-3.md".to_string())
    );
    assert_eq!(params[1].0, "value");
    let value = &params[1].1;
    let front: serde_yaml::Value = serde_yaml::from_str(
        value
            .trim_start_matches("---\n")
            .split("\n---\n")
            .next()
            .expect("front matter"),
    )
    .expect("YAML");
    assert_eq!(front["date"], "2026-05-28");
    assert_eq!(front["author"], "Your Name");

    // A single-file question: answers go in the folder beside it.
    let single = site.read("questions/dump-is-enough/index.html");
    assert!(href_of(&single, "Answer this question").starts_with("https://github.com/org/kb/new/trunk/site/content/questions/dump-is-enough?filename=answer%2D1%2Emd&"));
    // The unanswered list offers the same link beside each question.
    let unanswered = site.read("questions/unanswered/index.html");
    assert!(
        unanswered.contains("content/questions/dump-is-enough?filename=answer%2D1%2Emd"),
        "{unanswered}"
    );
}

#[test]
fn without_a_repository_there_are_no_edit_links() {
    let site = TestSite::fixture("community");
    site.build().success();
    assert!(
        !site
            .read("guides/backup-guide/index.html")
            .contains("Edit this page")
    );
    assert!(
        !site
            .read("questions/restore-test/index.html")
            .contains("Answer this question")
    );
}

/// `init --host`: the CI files of GitLab Pages and Codeberg Pages, with the
/// release this guildhall is, and only those of the host asked for.
#[test]
fn init_writes_the_ci_files_of_its_host() {
    let dir = tempfile::tempdir().expect("temp");
    let init = |name: &str, host: &str| -> std::path::PathBuf {
        let kb = dir.path().join(name);
        let mut command = assert_cmd::Command::cargo_bin("guildhall").expect("binary");
        let output = command
            .args(["init", "--host", host])
            .arg(&kb)
            .output()
            .expect("run");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        kb
    };
    let version = env!("CARGO_PKG_VERSION");

    let github = init("gh", "github");
    let pages = std::fs::read_to_string(github.join(".github/workflows/pages.yml")).expect("read");
    assert!(
        pages.contains(&format!("uses: guildhall-ssg/guildhall@v{version}")),
        "{pages}"
    );
    assert!(!pages.contains("__"), "no placeholder left: {pages}");

    let gitlab = init("gl", "gitlab");
    assert!(
        !gitlab.join(".github").exists(),
        "no GitHub files for GitLab"
    );
    let ci: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(gitlab.join(".gitlab-ci.yml")).expect("read"),
    )
    .expect("valid YAML");
    // GitLab publishes the `pages` job's `public/` artifact.
    assert_eq!(ci["pages"]["artifacts"]["paths"][0], "public");
    assert!(
        ci["pages"]["script"][0]
            .as_str()
            .expect("script")
            .contains("guildhall build . --base-url \"$CI_PAGES_URL/\"")
    );
    assert_eq!(ci["pages"]["extends"], ".guildhall");
    assert!(
        ci[".guildhall"]["before_script"][0]
            .as_str()
            .expect("install")
            .contains("releases/download/v$GUILDHALL_VERSION")
    );
    assert_eq!(ci["variables"]["GUILDHALL_VERSION"], version);
    assert!(
        ci["check"]["rules"][0]["if"]
            .as_str()
            .expect("rule")
            .contains("merge_request_event")
    );
    let settings = std::fs::read_to_string(gitlab.join("guildhall.yml")).expect("read");
    assert!(settings.contains("gitlab.io"), "{settings}");

    let codeberg = init("cb", "codeberg");
    let woodpecker: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(codeberg.join(".woodpecker/pages.yml")).expect("read"),
    )
    .expect("valid YAML");
    let steps = woodpecker["steps"].as_sequence().expect("steps");
    assert_eq!(steps[0]["name"], "build");
    assert!(
        steps[0]["commands"][1]
            .as_str()
            .expect("build")
            .contains("codeberg.page")
    );
    assert_eq!(
        steps[1]["environment"]["CODEBERG_TOKEN"]["from_secret"],
        "codeberg_token"
    );
    assert!(
        steps[1]["commands"]
            .as_sequence()
            .expect("commands")
            .iter()
            .any(|c| c.as_str().is_some_and(|c| c.contains("pages")))
    );

    let none = init("none", "none");
    assert!(!none.join(".github").exists() && !none.join(".gitlab-ci.yml").exists());
    // Every one of them builds as it is.
    for kb in [&github, &gitlab, &codeberg, &none] {
        let mut command = assert_cmd::Command::cargo_bin("guildhall").expect("binary");
        assert!(
            command
                .arg("build")
                .arg(kb)
                .output()
                .expect("run")
                .status
                .success()
        );
    }
}
