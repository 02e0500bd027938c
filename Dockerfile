# guildhall in a container, for CI systems without Rust:
#   docker build -t guildhall .
#   docker run --rm -v "$PWD:/site" -u "$(id -u):$(id -g)" guildhall build /site
# Build stage: the release binary. Final stage: Debian slim with the binary
# only, run as a user without privileges.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin guildhall

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /site guildhall
COPY --from=build /src/target/release/guildhall /usr/local/bin/guildhall
USER guildhall
WORKDIR /site
ENTRYPOINT ["guildhall"]
CMD ["--help"]
