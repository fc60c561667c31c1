use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

use factbot::eval;
use factbot::knowledge::load_dir;
use factbot::{render, MatchConfig, Matcher};

/// `print!` and `println!` that return the write error instead of panicking, so a closed
/// pipe (`factbot check | head -1`) ends the command quietly.
macro_rules! out {
    ($($arg:tt)*) => { write!(io::stdout(), $($arg)*)? };
}
macro_rules! outln {
    ($($arg:tt)*) => { writeln!(io::stdout(), $($arg)*)? };
}

/// factbot: answers questions about news articles from a curated fact base, quoting the
/// sentence behind every answer.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Knowledge directory (sources, facts, synonyms).
    #[arg(
        long,
        global = true,
        default_value = "knowledge",
        env = "FACTBOT_KNOWLEDGE"
    )]
    knowledge: PathBuf,
    /// Refuse to answer below this confidence (0 to 1).
    #[arg(long, global = true, default_value_t = MatchConfig::default().min_confidence)]
    min_confidence: f32,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Answer questions (from the arguments, or one a line from stdin).
    Ask {
        /// The question; several arguments are joined. Without one, read stdin.
        question: Vec<String>,
        /// One JSON object a line.
        #[arg(long)]
        json: bool,
        /// Show how each question was read and scored.
        #[arg(long, conflicts_with = "json")]
        explain: bool,
    },
    /// Interactive prompt: type questions; /summary, /sources, /help, /quit.
    Chat,
    /// Validate a knowledge directory: exit 0 with a summary, or 1 with every problem.
    Check {
        /// Directory to check (default: --knowledge).
        dir: Option<PathBuf>,
    },
    /// Run question sets and print accuracy per set and pooled (one set: per kind, with the
    /// wrong answers and wrong refusals).
    Eval {
        /// TOML question sets ([[case]] q, expect, answer_has, kind), or article folders
        /// (article.txt, meta.toml, questions.toml) to draft into a temporary copy of the
        /// knowledge base first, as an admin's `factbot draft` would.
        #[arg(required = true)]
        targets: Vec<PathBuf>,
        /// Draft the article folders into an empty base, without the curated knowledge.
        #[arg(long)]
        without_curated: bool,
        /// With several sets, also list each set's wrong answers and wrong refusals.
        #[arg(long)]
        details: bool,
    },
    /// Fit the matcher's model on labelled question sets and article folders (drafted beside
    /// the curated base), write it, and report leave-one-article-out and training figures.
    Fit {
        /// Question sets and article folders, as for `eval`.
        #[arg(required = true)]
        targets: Vec<PathBuf>,
        /// Where to write the fitted model.
        #[arg(long, default_value = "src/engine/model.toml")]
        out: PathBuf,
        /// Measure only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// L2 penalty on the weights.
        #[arg(long, default_value_t = factbot::fit::FitConfig::default().l2)]
        l2: f64,
        /// L2 penalty on the second (decision) stage's weights.
        #[arg(long, default_value_t = factbot::fit::FitConfig::default().decision_l2)]
        decision_l2: f64,
        /// The share of answerable questions that may be answered wrongly (out of fold) at
        /// the refusal threshold.
        #[arg(long, default_value_t = factbot::fit::FitConfig::default().max_wrong)]
        max_wrong: f32,
        /// How many times a question on a drafted article counts, against once for the
        /// curated base's.
        #[arg(long, default_value_t = factbot::fit::FitConfig::default().article_weight)]
        article_weight: usize,
        /// How many times a question on the curated base counts.
        #[arg(long, default_value_t = factbot::fit::FitConfig::default().curated_weight)]
        curated_weight: usize,
        /// Fit and measure without this feature (its weight stays 0), to see what it adds.
        /// Repeatable.
        #[arg(long, value_name = "FEATURE")]
        without: Vec<String>,
        /// Write each held-out question's outcome (article, kind, answerable, a right fact
        /// among the candidates, answered right, confidence, question) here, as TSV.
        #[arg(long, value_name = "PATH")]
        held_out: Option<PathBuf>,
        /// Write every question's candidates with their features here, as TSV (article,
        /// drafted, answerable, question number, right, one column per feature, the question
        /// and the candidate's sentence), for trying other models and features outside factbot.
        #[arg(long, value_name = "PATH")]
        features: Option<PathBuf>,
    },
    /// The article summaries, or the facts under a topic.
    Summary {
        /// Topic id or title.
        topic: Option<String>,
    },
    /// The sources known, with dates and fact counts.
    Sources,
    /// Draft a new source from an article's raw text: one draft fact per newsworthy sentence.
    Draft {
        /// The article text, one paragraph a line, exactly as received.
        article: PathBuf,
        /// Source id: lowercase letters, digits and '-' (the folder name).
        #[arg(long)]
        id: String,
        /// e.g. "The Associated Press".
        #[arg(long)]
        publisher: String,
        /// Publication date, YYYY-MM-DD; relative dates in the text are read from it.
        #[arg(long)]
        published: String,
        /// Headline (default: the start of the first sentence).
        #[arg(long)]
        title: Option<String>,
        /// Author names (repeat the flag for several).
        #[arg(long = "author")]
        authors: Vec<String>,
        /// Knowledge directory to write into (default: --knowledge).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an existing source of the same id holding no reviewed fact; the old folder
        /// is moved to replaced/<id>-<time>.
        #[arg(long)]
        force: bool,
    },
    /// What the bot was asked, from its store: answered/refused per day, the most-asked
    /// refused questions, the most-👎 answers, per-source use.
    Stats {
        /// The bot's config (its data_dir and storage.url say where the store is).
        #[arg(long, default_value = "config.toml")]
        config: PathBuf,
        /// The store itself (postgres://… or sqlite:PATH), instead of the config's.
        #[arg(long)]
        store: Option<String>,
        /// Only the last DAYS days (default: everything).
        #[arg(long)]
        since: Option<u32>,
        /// Print JSON.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// The refused questions themselves (with --csv: as CSV, for curation).
        #[arg(long)]
        refused: bool,
        /// With --refused: CSV (time, via, question, normalized, confidence).
        #[arg(long, requires = "refused")]
        csv: bool,
    },
    /// Run the Discord bot (see docs/discord.md). The token comes from DISCORD_TOKEN or
    /// discord.token_file. --knowledge and --min-confidence, when given, override the
    /// config's knowledge.dir and answer.min_confidence.
    Run {
        /// Bot configuration (every key documented in config.example.toml).
        #[arg(long, default_value = "config.toml")]
        config: PathBuf,
    },
}

fn main() -> ExitCode {
    use clap::{parser::ValueSource, CommandFactory, FromArgMatches};
    let matches = Cli::command().get_matches();
    let given = |id: &str| {
        matches
            .value_source(id)
            .is_some_and(|s| s != ValueSource::DefaultValue)
    };
    let overrides = Overrides {
        knowledge: given("knowledge"),
        min_confidence: given("min_confidence"),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(cli, overrides) {
        Ok(code) => code,
        // The reader went away (`| head`): nothing left to say to it.
        Err(e)
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", error_chain(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, as `{:#}` writes them, but leaving out a cause whose text the
/// message before it already ends with: many errors say their cause in their own message
/// too ("cannot read x: No such file"), and the reader should see it once.
fn error_chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn match_config(min_confidence: f32) -> Result<MatchConfig> {
    if !(0.0..=1.0).contains(&min_confidence) {
        bail!("--min-confidence must be between 0 and 1, not {min_confidence}");
    }
    Ok(MatchConfig {
        min_confidence,
        ..MatchConfig::default()
    })
}

fn matcher(dir: &Path, min_confidence: f32) -> Result<Matcher> {
    let config = match_config(min_confidence)?;
    let loaded = load_dir(dir)
        .with_context(|| format!("knowledge directory {} is not valid", dir.display()))?;
    Ok(Matcher::new(loaded.base, config))
}

/// Which global options were given (flag or environment) rather than left at their
/// defaults: `run` takes its settings from its config file, and these override it.
struct Overrides {
    knowledge: bool,
    min_confidence: bool,
}

fn run(cli: Cli, overrides: Overrides) -> Result<ExitCode> {
    match cli.command {
        Command::Check { dir } => check(dir.as_deref().unwrap_or(&cli.knowledge)),
        Command::Ask {
            question,
            json,
            explain,
        } => {
            let matcher = matcher(&cli.knowledge, cli.min_confidence)?;
            let show = |q: &str, line: &mut Vec<u8>| -> Result<()> {
                let answer = matcher.answer(q);
                if json {
                    serde_json::to_writer(&mut *line, &answer)?;
                    line.push(b'\n');
                } else {
                    writeln!(line, "{}", render::answer(&answer))?;
                    if explain {
                        writeln!(line, "{}", matcher.explain(q))?;
                    }
                }
                Ok(())
            };
            if question.is_empty() {
                // Written in blocks and flushed whenever no answer is ready (`answer_lines`).
                let mut out = io::BufWriter::new(io::stdout().lock());
                answer_lines(io::stdin(), &mut out, show)?;
            } else {
                let mut line = Vec::new();
                show(&question.join(" "), &mut line)?;
                io::stdout().lock().write_all(&line)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Chat => {
            let matcher = matcher(&cli.knowledge, cli.min_confidence)?;
            chat(&matcher)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            targets,
            without_curated,
            details,
        } => {
            let targets = eval::Target::load_all(&targets)?;
            let drafts = targets.iter().any(|t| t.article.is_some());
            let matcher = if !drafts && !without_curated {
                matcher(&cli.knowledge, cli.min_confidence)?
            } else {
                let curated = (!without_curated).then_some(cli.knowledge.as_path());
                let base = eval::base_with_drafts(curated, &targets)?;
                Matcher::new(base, match_config(cli.min_confidence)?)
            };
            for t in &targets {
                for (q, e) in t.set.unknown_expectations(matcher.base()) {
                    eprintln!(
                        "warning: {}: \"{q}\" expects a sentence no source holds: \"{e}\"",
                        t.name
                    );
                }
            }
            let reports: Vec<(String, eval::Report)> = targets
                .iter()
                .map(|t| (t.name.clone(), eval::run(&matcher, &t.set)))
                .collect();
            match reports.as_slice() {
                [(_, only)] => out!("{only}"),
                _ => {
                    if details {
                        for (name, report) in &reports {
                            out!("== {name}\n{report}\n");
                        }
                    }
                    out!("{}", eval::Pooled { reports });
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Fit {
            targets,
            out,
            dry_run,
            l2,
            decision_l2,
            max_wrong,
            article_weight,
            curated_weight,
            without,
            held_out,
            features,
        } => {
            let without = without
                .iter()
                .map(|name| {
                    factbot::engine::model::FEATURES
                        .iter()
                        .position(|f| f == name)
                        .with_context(|| format!("no feature \"{name}\""))
                })
                .collect::<Result<Vec<usize>>>()?;
            // Fail before the minute of work, not after it.
            let folder = out.parent().filter(|p| !p.as_os_str().is_empty());
            if !dry_run && folder.is_some_and(|f| !f.is_dir()) {
                bail!(
                    "cannot write the model to {}: no such folder (run fit from the repository root, or pass --out or --dry-run)",
                    out.display()
                );
            }
            let command = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
            let command = format!("factbot {command}");
            let targets = eval::Target::load_all(&targets)?;
            let base = eval::base_with_drafts(Some(&cli.knowledge), &targets)?;
            let mut matcher = Matcher::new(base, match_config(cli.min_confidence)?);
            // Every question's candidates, read once for the features file and the fit.
            let questions = factbot::fit::read(&matcher, &targets);
            if let Some(path) = features {
                std::fs::write(
                    &path,
                    factbot::fit::features_tsv(&questions, &targets, matcher.base()),
                )
                .with_context(|| format!("cannot write {}", path.display()))?;
            }
            let config = factbot::fit::FitConfig {
                l2,
                decision_l2,
                max_wrong,
                article_weight,
                curated_weight,
            };
            let report =
                factbot::fit::fit_and_measure(&mut matcher, &targets, questions, config, &without);
            out!("{report}");
            if let Some(path) = held_out {
                let mut tsv = String::from(factbot::fit::HeldOut::TSV_HEADER);
                for h in &report.held_out_questions {
                    tsv.push('\n');
                    tsv.push_str(&h.tsv());
                }
                tsv.push('\n');
                std::fs::write(&path, tsv)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            if !dry_run {
                let fitted = [
                    ("questions", report.questions.to_string()),
                    ("candidates", report.examples.to_string()),
                    ("l2", l2.to_string()),
                    ("decision_l2", decision_l2.to_string()),
                    ("max_wrong", max_wrong.to_string()),
                    ("article_weight", article_weight.to_string()),
                    ("curated_weight", curated_weight.to_string()),
                ];
                std::fs::write(&out, report.model.to_toml(&report.notes(&command), &fitted))
                    .with_context(|| format!("cannot write {}", out.display()))?;
                outln!("wrote {} (rebuild to ship it)", out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Summary { topic } => {
            let matcher = matcher(&cli.knowledge, cli.min_confidence)?;
            let base = matcher.base();
            match topic {
                None => out!("{}", render::summary(base)),
                Some(t) => match base.topic(&t) {
                    Some((i, _)) => out!("{}", render::topic(base, i)),
                    None => {
                        let known: Vec<&str> = base.topics.iter().map(|t| t.id.as_str()).collect();
                        bail!("no topic \"{t}\"; topics are: {}", known.join(", "));
                    }
                },
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Draft {
            article,
            id,
            publisher,
            published,
            title,
            authors,
            out,
            force,
        } => {
            let published = factbot::knowledge::parse_date(&published)
                .map_err(|e| anyhow::anyhow!("--published {e}"))?;
            let text = std::fs::read_to_string(&article)
                .with_context(|| format!("cannot read {}", article.display()))?;
            let dir = out.unwrap_or(cli.knowledge);
            // A base with problems already would fail the check below for reasons not the
            // draft's, and the draft would be taken back.
            let has_sources = std::fs::read_dir(dir.join("sources"))
                .is_ok_and(|mut entries| entries.any(|e| e.is_ok_and(|e| e.path().is_dir())));
            if has_sources && load_dir(&dir).is_err() {
                bail!(
                    "the knowledge base in {} has problems already; fix them first (`factbot --knowledge {} check` lists them), then draft",
                    dir.display(),
                    dir.display()
                );
            }
            let meta = factbot::draft::Meta {
                id,
                publisher,
                published,
                title,
                authors,
            };
            let draft = factbot::draft::write(&dir, &text, &meta, force)?;
            let target = dir.join("sources").join(&meta.id);
            // Decided before anything is printed: a closed stdout must not skip taking back a
            // draft that broke the base (which was valid before, so the draft broke it).
            let loaded = load_dir(&dir);
            if loaded.is_err() {
                factbot::draft::undo(&dir, &draft).with_context(|| {
                    format!(
                        "the base does not load with the draft in {}, and taking it back failed; move that folder out of sources/{}",
                        target.display(),
                        draft.replaced.as_ref().map_or(String::new(), |old| format!(
                            " and {} back to it",
                            old.display()
                        ))
                    )
                })?;
                report(&dir, loaded)?;
                bail!(
                    "the base does not load with this draft (the problems are listed above), so it was not kept; the knowledge directory is as it was"
                );
            }
            outln!(
                "drafted {}: {} draft facts, {} new topics ({} reused), {} lines marked not news",
                target.display(),
                draft.facts.len(),
                draft.topics.len(),
                draft.reused_topics.len(),
                draft.not_news.len()
            );
            for line in &draft.not_news {
                outln!("  not news: {line}");
            }
            if let Some(old) = &draft.replaced {
                outln!("the source it replaces was moved to {}", old.display());
            }
            let checked = report(&dir, loaded)?;
            outln!(
                "next: review {}/facts.toml, then `factbot --knowledge {} check` and /reload",
                target.display(),
                dir.display()
            );
            Ok(checked)
        }
        Command::Run { config } => {
            let mut config = factbot::config::Config::load(&config)?;
            if overrides.knowledge {
                config.knowledge.dir = cli.knowledge;
            }
            if overrides.min_confidence {
                config.answer.min_confidence = match_config(cli.min_confidence)?.min_confidence;
            }
            run_bot(config)
        }
        Command::Stats {
            config,
            store,
            since,
            json,
            refused,
            csv,
        } => stats(
            &config,
            store.as_deref(),
            since,
            StatsOutput { json, refused, csv },
            &cli.knowledge,
            cli.min_confidence,
        ),
        Command::Sources => {
            let matcher = matcher(&cli.knowledge, cli.min_confidence)?;
            out!("{}", render::sources(matcher.base()));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_bot(config: factbot::config::Config) -> Result<ExitCode> {
    let token = config.token(std::env::var("DISCORD_TOKEN").ok())?;
    factbot::bot::init_logging(&config.log);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(factbot::bot::run(config, token, shutdown_signal()))?;
    Ok(ExitCode::SUCCESS)
}

struct StatsOutput {
    json: bool,
    refused: bool,
    csv: bool,
}

/// `factbot stats`: the same report as /stats, read from the store.
fn stats(
    config_path: &Path,
    store: Option<&str>,
    since_days: Option<u32>,
    output: StatsOutput,
    knowledge: &Path,
    min_confidence: f32,
) -> Result<ExitCode> {
    use factbot::store;
    // The knowledge base (for the nearest facts): the config's, unless --knowledge says
    // otherwise.
    let mut knowledge = knowledge.to_path_buf();
    let location = match store {
        Some(url) => store::Location::from_config(Some(url), Path::new("data"))?,
        None if config_path.exists() => {
            let config = factbot::config::Config::load(config_path)?;
            if knowledge == Path::new("knowledge") {
                knowledge = config.knowledge.dir.clone();
            }
            store::Location::from_config(config.storage.url.as_deref(), &config.data_dir)?
        }
        None => bail!(
            "no {} here: pass --config FILE or --store URL",
            config_path.display()
        ),
    };
    if let store::Location::Sqlite(path) = &location {
        if !path.exists() {
            bail!(
                "no store at {}: the bot creates it on its first run",
                path.display()
            );
        }
    }
    let since = since_days.map_or(0, |d| store::now_ms() - i64::from(d) * 86_400_000);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let db = store::open(&location)
            .await
            .with_context(|| format!("opening the store {}", location.describe()))?;
        if db.kind() == "postgres" {
            db.migrate().await?;
        }
        if output.refused {
            let rows = db.refused(since).await?;
            if output.csv {
                out!("{}", store::refused_csv(&rows));
            } else if output.json {
                outln!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for r in &rows {
                    outln!("{}", r.question);
                }
            }
        } else {
            let mut report = db.report(since, 20).await?;
            // Nearest facts need the knowledge base; without it the report is still useful.
            if let Ok(m) = matcher(&knowledge, min_confidence) {
                report.add_nearest(&m, 2);
            }
            if output.json {
                outln!("{}", report.to_json()?);
            } else {
                out!("{}", report.render());
            }
        }
        db.close().await?;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM, the signals a terminal or a service manager sends.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn check(dir: &Path) -> Result<ExitCode> {
    report(dir, load_dir(dir))
}

/// `check`'s output for a base already loaded (or not) from `dir`.
fn report(
    dir: &Path,
    loaded: Result<factbot::knowledge::Loaded, factbot::knowledge::LoadError>,
) -> Result<ExitCode> {
    match loaded {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("warning: {w}");
            }
            let b = &loaded.base;
            let drafts = b.facts.iter().filter(|f| f.draft).count();
            let groups = b.synonyms.len();
            let shared = b.synonyms_of(None).count();
            outln!(
                "ok: {} sources, {} facts ({drafts} drafts), {} topics, {groups} synonym groups ({shared} shared, {} in sources), {} warnings",
                b.sources.len(),
                b.facts.len(),
                b.topics.len(),
                groups - shared,
                loaded.warnings.len()
            );
            // Per source: what is still to review, and which news no fact cites.
            for (i, source) in b.sources.iter().enumerate() {
                let facts = b.facts_of_source(i).count();
                let drafts = b.facts_of_source(i).filter(|f| f.draft).count();
                let cited: std::collections::HashSet<&str> =
                    b.facts_of_source(i).map(|f| f.sentence.as_str()).collect();
                let uncited: Vec<&str> = source
                    .newsworthy_sentences()
                    .into_iter()
                    .filter(|s| !cited.contains(s))
                    .collect();
                let own = b.synonyms_of(Some(i)).count();
                outln!(
                    "  {}: {facts} facts, {drafts} drafts to review, {} newsworthy sentences uncited, {own} synonym groups of its own",
                    source.id,
                    uncited.len()
                );
                for sentence in uncited {
                    let short: String = sentence.chars().take(80).collect();
                    let more = if short.len() < sentence.len() {
                        "…"
                    } else {
                        ""
                    };
                    outln!("    uncited: \"{short}{more}\"");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            for d in &e.diagnostics {
                outln!("{d}");
            }
            eprintln!("{} problem(s) in {}", e.diagnostics.len(), dir.display());
            Ok(ExitCode::FAILURE)
        }
    }
}

const CHAT_HELP: &str =
    "Ask a question about the articles, or: /summary [topic], /sources, /help, /quit";

/// Answers each non-blank line of `input` with `show`, writing the outputs to `out` in the
/// order of the lines. Lines are answered on every core: a batch of questions piped in
/// is answered as fast as the machine allows, while a caller that writes one question and
/// waits still gets its answer at once, since the lines read so far are handed to the
/// workers whenever reading more would wait, and the answers are flushed whenever no
/// other answer is ready. Lines already read travel in batches, and answers are written
/// in blocks: one hand-over and one write a line were a third of the command's time.
fn answer_lines<F>(input: impl Read + Send + 'static, out: &mut impl Write, show: F) -> Result<()>
where
    F: Fn(&str, &mut Vec<u8>) -> Result<()> + Sync,
{
    use std::collections::BTreeMap;
    use std::sync::mpsc::{self, TryRecvError};
    use std::sync::{Arc, Mutex};

    /// Lines handed to a worker at once, at the most.
    const BATCH: usize = 32;
    type Answers = Vec<(u64, Result<Vec<u8>>)>;

    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    std::thread::scope(|scope| -> Result<()> {
        // Bounded, so a huge input is read no faster than it is answered.
        let (work_tx, work_rx) = mpsc::sync_channel::<Vec<(u64, String)>>(workers * 4);
        // Shared by the workers and dropped with the last of them, so that the reader stops
        // when nobody is left to answer.
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (done_tx, done_rx) = mpsc::channel::<Answers>();
        for _ in 0..workers {
            let (work_rx, done_tx, show) = (Arc::clone(&work_rx), done_tx.clone(), &show);
            scope.spawn(move || loop {
                // The lock is held only to take the next batch; a poisoned lock means another
                // worker panicked, and the writer reports the lines it never got.
                let next = match work_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(batch) = next else { return };
                let answers: Answers = batch
                    .into_iter()
                    .map(|(seq, question)| {
                        let mut buf = Vec::new();
                        (seq, show(&question, &mut buf).map(|()| buf))
                    })
                    .collect();
                if done_tx.send(answers).is_err() {
                    return;
                }
            });
        }
        drop((done_tx, work_rx));
        // Not scoped: when writing fails, the reader may still wait for a line that never
        // comes, and the command must end without it.
        let reader = std::thread::spawn(move || -> Result<()> {
            let mut input = io::BufReader::new(input);
            let mut seq = 0u64;
            let mut batch = Vec::with_capacity(BATCH);
            let mut line = Vec::new();
            let mut number = 0u64;
            loop {
                line.clear();
                let read = match input.read_until(b'\n', &mut line) {
                    Ok(read) => read,
                    Err(e) => {
                        // The lines before the bad one are answered all the same.
                        if !batch.is_empty() {
                            let _ = work_tx.send(std::mem::take(&mut batch));
                        }
                        return Err(e).context("reading questions from stdin");
                    }
                };
                number += 1;
                // One line in another encoding must not cost the rest of the batch: it is
                // read with its bad bytes replaced, and said so.
                let text = String::from_utf8_lossy(&line);
                if matches!(text, std::borrow::Cow::Owned(_)) {
                    eprintln!(
                        "warning: line {number} is not UTF-8; its bad bytes are read as \u{FFFD}"
                    );
                }
                let text = text.trim_end_matches(['\n', '\r']);
                if !text.trim().is_empty() {
                    batch.push((seq, text.to_string()));
                    seq += 1;
                }
                // Hand over what was read when reading on would wait (or the input ended):
                // a question typed into a pipe is answered before the next one comes.
                let flush = read == 0 || batch.len() >= BATCH || input.buffer().is_empty();
                // The workers are gone only when writing failed; that error is the one to give.
                if flush && !batch.is_empty() && work_tx.send(std::mem::take(&mut batch)).is_err() {
                    break;
                }
                if read == 0 {
                    break;
                }
            }
            Ok(())
        });
        let mut pending: BTreeMap<u64, Vec<u8>> = BTreeMap::new();
        let mut next = 0u64;
        loop {
            let answers = match done_rx.try_recv() {
                Ok(answers) => answers,
                Err(TryRecvError::Disconnected) => break,
                // Nothing more ready: what is written so far goes out before waiting.
                Err(TryRecvError::Empty) => {
                    out.flush()?;
                    match done_rx.recv() {
                        Ok(answers) => answers,
                        Err(_) => break,
                    }
                }
            };
            for (seq, result) in answers {
                pending.insert(seq, result?);
            }
            while let Some(text) = pending.remove(&next) {
                out.write_all(&text)?;
                next += 1;
            }
        }
        out.flush()?;
        reader
            .join()
            .map_err(|_| anyhow::anyhow!("the question reader panicked"))??;
        anyhow::ensure!(pending.is_empty(), "{} answers were lost", pending.len());
        Ok(())
    })
}

fn chat(matcher: &Matcher) -> Result<()> {
    outln!(
        "factbot: {} facts from {} source(s). {CHAT_HELP}",
        matcher.base().facts.len(),
        matcher.base().sources.len()
    );
    let stdin = io::stdin();
    let mut line = Vec::new();
    loop {
        out!("> ");
        io::stdout().flush()?;
        line.clear();
        if stdin.lock().read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line);
        let input = text.trim();
        let (command, arg) = input
            .split_once(' ')
            .map_or((input, ""), |(c, a)| (c, a.trim()));
        match command {
            "" => {}
            "/quit" | "/exit" => return Ok(()),
            "/help" => outln!("{CHAT_HELP}"),
            "/sources" => out!("{}", render::sources(matcher.base())),
            "/summary" if arg.is_empty() => out!("{}", render::summary(matcher.base())),
            "/summary" => match matcher.base().topic(arg) {
                Some((i, _)) => out!("{}", render::topic(matcher.base(), i)),
                None => outln!("No topic \"{arg}\". Try /summary for the list."),
            },
            // A mistyped command is not a question to refuse.
            _ if command.starts_with('/') && command.len() > 1 => {
                outln!("Unknown command {command}. {CHAT_HELP}");
            }
            _ => outln!("{}", render::answer(&matcher.answer(input))),
        }
    }
}
