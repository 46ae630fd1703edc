//! The command line: parsing, dispatch and what is printed. Errors go to
//! stderr, the one-line result to stdout; exit code 0 on success, 1 on any
//! error in the site, 2 on a usage error (clap's).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::build::{self, BuildOptions};
use crate::check;
use crate::diag;
use crate::scaffold;
use crate::serve;
use crate::site::LoadOptions;

#[derive(Parser, Debug)]
#[command(name = "bangvang", version, about = "Builds a static website of emulation (thi đua – khen thưởng) news and results from Markdown and YAML.", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (only changed files are rewritten).
    Build {
        /// The site folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Use this base URL instead of site.yaml's base_url (e.g. for a staging host).
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// The build moment, for the "open / closed / days left" of public-comment pages: a date (2025-01-10) or an RFC 3339 time [default: SOURCE_DATE_EPOCH, else the clock].
        #[arg(long, value_parser = parse_now)]
        now: Option<jiff::Timestamp>,
    },
    /// Check every link of the site as a build would write it (nothing is written): exit 1 on any broken link.
    Check {
        /// The site folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also fetch every http(s) link outside the site (skipping the prefixes of site.yaml's `check.skip`).
        #[arg(long)]
        external: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// The build moment (RFC 3339 or a date), as for `build`.
        #[arg(long, value_parser = parse_now)]
        now: Option<jiff::Timestamp>,
    },
    /// Preview the site: build it into a temporary folder, serve it, and rebuild and reload open pages on every change.
    Serve {
        /// The site folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on; anything but loopback makes the preview reachable from other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// The port to listen on.
        #[arg(long, default_value_t = 1111, value_parser = clap::value_parser!(u16).range(1..))]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// The build moment, for the "open / closed / days left" of public-comment pages: a date (2025-01-10) or an RFC 3339 time [default: SOURCE_DATE_EPOCH, else the clock].
        #[arg(long, value_parser = parse_now)]
        now: Option<jiff::Timestamp>,
    },
    /// Create a new, working site with a small sample in DIR (which must be empty or new).
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
    },
    /// Create a new Markdown item in content/SECTION/ with today's date and a slug from the title (and the section, if new).
    New {
        /// The section folder under content/, e.g. tin-tuc.
        section: String,
        /// The item's title, e.g. "Sơ kết thi đua 6 tháng".
        title: String,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The item's date (YYYY-MM-DD) [default: today].
        #[arg(long)]
        date: Option<String>,
    },
}

pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            now,
        } => {
            let Some(now) = moment(now) else { return 2 };
            let mut opts = BuildOptions::new(root);
            if let Some(o) = output {
                opts.output = o;
            }
            opts.load = LoadOptions { drafts, base_url, now };
            run_build(&opts)
        }
        Command::Check {
            root,
            external,
            drafts,
            now,
        } => {
            let Some(now) = moment(now) else { return 2 };
            run_check(&check::CheckOptions {
                root,
                load: LoadOptions {
                    drafts,
                    base_url: None,
                    now,
                },
                external,
            })
        }
        Command::Serve {
            root,
            bind,
            port,
            open,
            drafts,
            now,
        } => {
            let Some(now) = moment(now) else { return 2 };
            serve::run(&serve::ServeOptions {
                root,
                bind,
                port,
                open,
                drafts,
                now,
            })
        }
        Command::Init { dir } => report(scaffold::init(&dir).map(|()| {
            format!(
                "created a new site in {dir}; preview it with: bangvang serve --root {dir} (or build it with: bangvang build --root {dir})",
                dir = dir.display()
            )
        })),
        Command::New {
            section,
            title,
            root,
            date,
        } => report(scaffold::new_item(&root, &section, &title, date.as_deref()).map(|c| {
            let item = format!("created {}", c.item.display());
            match c.section_index {
                Some((index, name)) => format!(
                    "the section is new: created {} with the title \"{name}\" (edit it to name the section)\n{item}",
                    index.display()
                ),
                None => item,
            }
        })),
    }
}

fn parse_now(s: &str) -> Result<jiff::Timestamp, String> {
    crate::moment::parse_now(s)
}

/// The build moment: `--now`, else SOURCE_DATE_EPOCH, else `None` (the
/// clock); `None` outside after printing the error of a bad
/// SOURCE_DATE_EPOCH.
fn moment(now: Option<jiff::Timestamp>) -> Option<Option<jiff::Timestamp>> {
    if now.is_some() {
        return Some(now);
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => match crate::moment::parse_epoch(&v) {
            Ok(t) => Some(Some(t)),
            Err(e) => {
                eprintln!("error: {e}");
                None
            }
        },
        Err(_) => Some(None),
    }
}

fn run_build(opts: &BuildOptions) -> i32 {
    let r = build::build(opts);
    if let Some(n) = &r.notice {
        eprintln!("note: {n}");
    }
    eprint!("{}", diag::render_all(&r.diags, &r.sources));
    match &r.stats {
        Some(s) if r.ok() => {
            println!(
                "built {} files into {} in {} ms ({} rendered, {} written, {} unchanged, {} removed)",
                r.files,
                build::shown(&opts.output),
                r.elapsed.as_millis(),
                r.rendered,
                s.written,
                s.unchanged,
                s.removed
            );
            0
        }
        _ => 1,
    }
}

fn run_check(opts: &check::CheckOptions) -> i32 {
    let r = check::check(opts);
    for d in r.diags.iter() {
        eprintln!("{}", diag::render(d, &r.sources));
    }
    let external = if opts.external {
        format!(" ({} external)", r.external)
    } else {
        String::new()
    };
    println!(
        "checked {} links{external} in {} files: {} broken",
        r.links, r.files, r.broken
    );
    if r.ok() {
        0
    } else {
        let errors = r.diags.error_count();
        eprintln!("check failed: {errors} error{}", if errors == 1 { "" } else { "s" });
        1
    }
}

fn report(r: Result<String, diag::Diagnostic>) -> i32 {
    match r {
        Ok(msg) => {
            println!("{msg}");
            0
        }
        Err(d) => {
            eprintln!("{}", d.one_line());
            1
        }
    }
}
