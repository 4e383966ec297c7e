//! Subcommands of the `portal` binary.
use crate::config::Settings;
use crate::startup::Application;
use anyhow::{bail, Context};
use app::api::deliveries::DeadLetterId;
use app::domain::audit_chain::{ChainKey, Checkpoint};
use app::domain::department_backend::{DepartmentBackend, HttpBackend};
use app::domain::registration::StaffAccountForm;
use sqlx::PgPool;
use std::future::Future;

pub enum Command {
    /// Serve the portal (default).
    Serve,
    /// Load the demo accounts, then serve.
    Demo,
    /// Apply migrations and exit.
    Migrate,
    /// Create a staff account: `create-staff USERNAME "DISPLAY NAME" ROLE [DEPARTMENT]`;
    /// prints the one-time enrolment link's path, with which its holder chooses their own
    /// password and enrols their second factor (nobody else ever knows the password).
    CreateStaff {
        username: String,
        display_name: String,
        role: String,
        department: Option<String>,
    },
    /// Show every department's backend: `backend list`.
    BackendList,
    /// Route a department's cases to the portal's workbench: `backend workbench DEPT`.
    BackendWorkbench {
        department: String,
    },
    /// Route a department's cases to its own system: `backend http DEPT URL [TIMEOUT_MS]
    /// [MAX_CONCURRENCY]`; the signing key is read from `PORTAL_BACKEND_KEY` (hex), never
    /// from the command line.
    BackendHttp {
        department: String,
        base_url: String,
        timeout_ms: u32,
        max_concurrency: u32,
    },
    /// Send a vendor's marketplace operations to its own system: `vendor-system VENDOR_ID URL
    /// [TIMEOUT_MS] [MAX_CONCURRENCY]`, the key in `PORTAL_BACKEND_KEY` (hex); `vendor-system
    /// list` shows them.
    VendorSystem {
        vendor_id: uuid::Uuid,
        base_url: String,
        timeout_ms: u32,
        max_concurrency: u32,
    },
    VendorSystemList,
    /// Dead-lettered deliveries: `deliveries list | retry ID | abandon ID`.
    DeliveriesList,
    DeliveriesRetry {
        id: DeadLetterId,
    },
    DeliveriesAbandon {
        id: DeadLetterId,
    },
    /// Check a department's system against protocol v1 before it goes live:
    /// `conformance --department CODE --url URL`, the key in `PORTAL_BACKEND_KEY` (hex). Needs
    /// no database; fails (non-zero exit) unless every check passes.
    Conformance {
        department: String,
        url: String,
    },
    /// Walk the audit log's hash chain: prints the rows and "chain intact" or the first broken
    /// row; fails (non-zero exit) when broken.
    VerifyAudit,
}

const USAGE: &str = "usage: portal [serve | demo | migrate | verify-audit \
     | create-staff USERNAME NAME ROLE [DEPARTMENT] \
     | backend (list | workbench DEPT | http DEPT URL [TIMEOUT_MS] [MAX_CONCURRENCY]) \
     | vendor-system (list | VENDOR_ID URL [TIMEOUT_MS] [MAX_CONCURRENCY]) \
     | deliveries (list | retry ID | abandon ID) \
     | conformance --department CODE --url URL]";

impl Command {
    pub fn parse(mut args: impl Iterator<Item = String>) -> anyhow::Result<Self> {
        let command = match args.next().as_deref() {
            None | Some("serve") => Self::Serve,
            Some("demo") => Self::Demo,
            Some("migrate") => Self::Migrate,
            Some("verify-audit") => Self::VerifyAudit,
            Some("create-staff") => {
                let mut next = |what: &str| {
                    args.next()
                        .with_context(|| format!("missing {what}; {USAGE}"))
                };
                Self::CreateStaff {
                    username: next("USERNAME")?,
                    display_name: next("NAME")?,
                    role: next("ROLE")?,
                    department: args.next(),
                }
            }
            Some("backend") => {
                let what = args.next();
                let mut next = |what: &str| {
                    args.next()
                        .with_context(|| format!("missing {what}; {USAGE}"))
                };
                match what.as_deref() {
                    Some("list") => Self::BackendList,
                    Some("workbench") => Self::BackendWorkbench {
                        department: next("DEPT")?,
                    },
                    Some("http") => {
                        let department = next("DEPT")?;
                        let base_url = next("URL")?;
                        let number = |value: Option<String>, default: u32, what: &str| {
                            value.map_or(Ok(default), |v| {
                                v.parse::<u32>()
                                    .with_context(|| format!("{what} must be a number"))
                            })
                        };
                        Self::BackendHttp {
                            department,
                            base_url,
                            timeout_ms: number(args.next(), 5000, "TIMEOUT_MS")?,
                            max_concurrency: number(args.next(), 4, "MAX_CONCURRENCY")?,
                        }
                    }
                    _ => bail!("backend needs list, workbench or http; {USAGE}"),
                }
            }
            Some("vendor-system") => {
                let first = args
                    .next()
                    .with_context(|| format!("missing VENDOR_ID; {USAGE}"))?;
                if first == "list" {
                    Self::VendorSystemList
                } else {
                    let vendor_id = first
                        .parse()
                        .with_context(|| format!("VENDOR_ID must be a UUID; {USAGE}"))?;
                    let base_url = args
                        .next()
                        .with_context(|| format!("missing URL; {USAGE}"))?;
                    let number = |value: Option<String>, default: u32, what: &str| {
                        value.map_or(Ok(default), |v| {
                            v.parse::<u32>()
                                .with_context(|| format!("{what} must be a number"))
                        })
                    };
                    Self::VendorSystem {
                        vendor_id,
                        base_url,
                        timeout_ms: number(args.next(), 5000, "TIMEOUT_MS")?,
                        max_concurrency: number(args.next(), 4, "MAX_CONCURRENCY")?,
                    }
                }
            }
            Some("deliveries") => {
                let what = args.next();
                let mut id = || -> anyhow::Result<DeadLetterId> {
                    let id = args
                        .next()
                        .with_context(|| format!("missing ID; {USAGE}"))?;
                    DeadLetterId::parse(&id)
                        .context("ID is case:N or operation:UUID, as `deliveries list` prints it")
                };
                match what.as_deref() {
                    Some("list") => Self::DeliveriesList,
                    Some("retry") => Self::DeliveriesRetry { id: id()? },
                    Some("abandon") => Self::DeliveriesAbandon { id: id()? },
                    _ => bail!("deliveries needs list, retry or abandon; {USAGE}"),
                }
            }
            Some("conformance") => {
                let (mut department, mut url) = (None, None);
                while let Some(flag) = args.next() {
                    let value = args
                        .next()
                        .with_context(|| format!("{flag} needs a value"))?;
                    match flag.as_str() {
                        "--department" => department = Some(value),
                        "--url" => url = Some(value),
                        _ => bail!("unknown option {flag:?}; {USAGE}"),
                    }
                }
                Self::Conformance {
                    department: department
                        .with_context(|| format!("missing --department; {USAGE}"))?,
                    url: url.with_context(|| format!("missing --url; {USAGE}"))?,
                }
            }
            Some(other) => bail!("unknown command {other:?}; {USAGE}"),
        };
        Ok(command)
    }
}

pub async fn run<F, Fut>(command: Command, settings: Settings, build: F) -> anyhow::Result<()>
where
    F: FnOnce(Settings) -> Fut,
    Fut: Future<Output = anyhow::Result<Application>>,
{
    // Rows appended by any command (create-staff, serve) are chained under the portal's key.
    app::core::audit::use_chain_key(ChainKey::derive(&settings.csrf_key));
    crate::startup::install_destination_keys(&settings);
    match command {
        Command::Serve => {
            // The demo may run on a random key; a real deployment must not.
            if !settings.secret_configured {
                bail!(
                    "PORTAL_SECRET is not set: give it 64 or more hex characters (the same on every instance), e.g. from `od -An -tx1 -N32 /dev/urandom | tr -d ' \\n'`"
                );
            }
            serve(build(settings).await?).await
        }
        // A client of the department's system only: no database, no listening.
        Command::Conformance { department, url } => conformance(department, url).await,
        Command::Demo => {
            let app = build(settings).await?;
            let accounts = crate::demo::load(app.pool()).await?;
            // The browser suite starts from the accounts alone (PORTAL_DEMO_HISTORY=off).
            if std::env::var("PORTAL_DEMO_HISTORY").as_deref() != Ok("off") {
                let started = std::time::Instant::now();
                let written = crate::demo::load_history(app.pool()).await?;
                if written > 0 {
                    println!(
                        "Demo history: {written} cases of the last ten weeks loaded in {:.1} s",
                        started.elapsed().as_secs_f64()
                    );
                }
            }
            println!(
                "\nDemo accounts (password for all: {}):",
                crate::demo::DEMO_PASSWORD
            );
            for (who, login) in accounts {
                println!("  {who:<28} {login}");
            }
            serve(app).await
        }
        // A one-off command needs only the database: it neither binds the listen address
        // (taken by the portal already serving on this machine) nor starts the workers.
        one_off => {
            let (pool, embedded) =
                crate::db::connect(&settings.database, settings.pool_connections).await?;
            let result = run_one_off(one_off, &pool, &settings).await;
            pool.close().await;
            // Stop the embedded database only if this process started it; a serving
            // portal's is left alone.
            if let Some(pg) = embedded.filter(|pg| pg.started_here()) {
                pg.stop().await?;
            }
            result
        }
    }
}

/// Walks the keyed chain, compares it with the checkpoint kept outside the database
/// (`PORTAL_AUDIT_CHECKPOINT`) and, when all holds, moves the checkpoint to the new head.
async fn verify_audit(pool: &sqlx::PgPool, settings: &Settings) -> anyhow::Result<()> {
    if !settings.secret_configured {
        bail!("PORTAL_SECRET is not set: the audit chain is keyed with it");
    }
    let key = ChainKey::derive(&settings.csrf_key);
    let path = settings.audit_checkpoint.as_ref();
    let checkpoint: Option<Checkpoint> = match path {
        Some(path) if path.exists() => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            Some(serde_json::from_str(&text).context("the checkpoint file is not readable")?)
        }
        _ => None,
    };
    let report = app::core::audit::verify(pool, &key, checkpoint.as_ref()).await?;
    println!("audit log: {} rows", report.rows);
    if let Some(id) = report.first_broken_id {
        println!("chain broken at row {id}");
        bail!("the audit log's hash chain is broken at row {id}");
    }
    if let (true, Some(checkpoint)) = (report.checkpoint_missed, &checkpoint) {
        println!(
            "chain does not reach the checkpoint (row {}, {} rows): rows were cut or rewritten",
            checkpoint.last_id, checkpoint.rows
        );
        bail!("the audit log no longer reaches its checkpoint");
    }
    println!("chain intact");
    if let (Some(path), Some(head)) = (path, &report.head) {
        let text = serde_json::to_string(head)?;
        // Written beside, then renamed: a crash never leaves half a checkpoint.
        let partial = path.with_extension("partial");
        std::fs::write(&partial, text).with_context(|| format!("writing {}", partial.display()))?;
        std::fs::rename(&partial, path).with_context(|| format!("writing {}", path.display()))?;
        println!("checkpoint: row {}, {} rows", head.last_id, head.rows);
    }
    Ok(())
}

async fn conformance(department: String, url: String) -> anyhow::Result<()> {
    let key = std::env::var("PORTAL_BACKEND_KEY")
        .context("set PORTAL_BACKEND_KEY to the hex signing key shared with the department")?;
    let key = portal_protocol::signing::SigningKey::from_hex(&key)
        .context("PORTAL_BACKEND_KEY must be at least 32 bytes of hex")?;
    let target = crate::conformance::Target {
        department,
        url,
        key,
    };
    let report = crate::conformance::check(&target).await;
    print!("{}", report.render());
    if !report.passed() {
        bail!("the department's system does not conform to protocol v1");
    }
    Ok(())
}

/// A command that does its work and ends (everything but serving).
async fn run_one_off(command: Command, pool: &PgPool, settings: &Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve | Command::Demo | Command::Migrate | Command::Conformance { .. } => Ok(()),
        Command::BackendList => {
            for (code, backend) in app::core::department_backends::list(pool).await? {
                match backend {
                    DepartmentBackend::Workbench => println!("{code:<8} workbench"),
                    DepartmentBackend::Http(http) => println!(
                        "{code:<8} http {} timeout {} ms, at most {} at once",
                        http.base_url, http.timeout_ms, http.max_concurrency
                    ),
                }
            }
            Ok(())
        }
        Command::BackendWorkbench { department } => {
            set_backend(pool, &department, DepartmentBackend::Workbench).await
        }
        Command::BackendHttp {
            department,
            base_url,
            timeout_ms,
            max_concurrency,
        } => {
            let key = std::env::var("PORTAL_BACKEND_KEY").context(
                "set PORTAL_BACKEND_KEY to the hex signing key shared with the department",
            )?;
            let http = HttpBackend::parse(&base_url, &key, timeout_ms, max_concurrency)?;
            set_backend(pool, &department, DepartmentBackend::Http(http)).await
        }
        Command::VendorSystem {
            vendor_id,
            base_url,
            timeout_ms,
            max_concurrency,
        } => {
            let key = std::env::var("PORTAL_BACKEND_KEY")
                .context("set PORTAL_BACKEND_KEY to the hex signing key shared with the vendor")?;
            let system = HttpBackend::parse(&base_url, &key, timeout_ms, max_concurrency)?;
            if !app::core::market::vendor_systems::set(pool, vendor_id, &system).await? {
                bail!("no approved vendor {vendor_id}");
            }
            println!("{vendor_id}: {}", system.base_url);
            Ok(())
        }
        Command::VendorSystemList => {
            for (id, name, url) in app::core::market::vendor_systems::list(pool).await? {
                println!("{id} {url} {name}");
            }
            Ok(())
        }
        Command::DeliveriesList => {
            let letters = app::core::deliveries::dead_letters(pool).await?;
            if letters.is_empty() {
                println!("no failed deliveries");
            }
            for d in letters {
                println!(
                    "{:<46} {:<20} {:<6} {:<18} attempts={} dead_at={} {}",
                    d.id.to_string(),
                    d.subject,
                    d.destination,
                    d.event,
                    d.attempts,
                    d.dead_at.format("%Y-%m-%dT%H:%M:%SZ"),
                    d.reason
                );
            }
            Ok(())
        }
        Command::DeliveriesRetry { id } => {
            if !app::core::deliveries::retry(pool, id, None).await? {
                bail!("no failed delivery {id} (already retried, abandoned or delivered?)");
            }
            println!("{id}: queued again");
            Ok(())
        }
        Command::DeliveriesAbandon { id } => {
            if !app::core::deliveries::abandon(pool, id, None).await? {
                bail!("no failed delivery {id} (already retried, abandoned or delivered?)");
            }
            println!("{id}: abandoned");
            Ok(())
        }
        Command::VerifyAudit => verify_audit(pool, settings).await,
        Command::CreateStaff {
            username,
            display_name,
            role,
            department,
        } => {
            let answers = [
                ("username", username),
                ("display_name", display_name),
                ("role", role),
                ("department_code", department.unwrap_or_default()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            let form = StaffAccountForm::parse(&answers).map_err(|errors| {
                let fields: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.code))
                    .collect();
                anyhow::anyhow!("invalid staff account: {}", fields.join(", "))
            })?;
            let created = app::core::staff::create_staff(pool, None, &form).await?;
            println!(
                "created staff account {} ({})",
                form.username, created.account_id
            );
            if let Some(token) = created.enrolment_token {
                println!(
                    "enrolment link (works once, for {} hours): <this site>/login/enrol?token={token}",
                    app::core::identity::enrolment_link::VALID_HOURS
                );
            }
            Ok(())
        }
    }
}

async fn set_backend(
    pool: &PgPool,
    department: &str,
    backend: DepartmentBackend,
) -> anyhow::Result<()> {
    if !app::core::department_backends::set(pool, department, &backend).await? {
        bail!("no department {department:?}");
    }
    println!("{department}: {backend:?}");
    Ok(())
}

async fn serve(app: Application) -> anyhow::Result<()> {
    let addr = app.local_addr()?;
    println!("\n一网通办 portal is running at http://{addr}/\n");
    app.run_until_stopped().await
}

#[cfg(test)]
mod tests {
    use super::{Command, DeadLetterId};

    fn parse(line: &str) -> anyhow::Result<Command> {
        Command::parse(line.split_whitespace().map(str::to_string))
    }

    #[test]
    fn backend_commands_parse_with_defaults_and_refuse_nonsense() {
        assert!(matches!(parse("backend list"), Ok(Command::BackendList)));
        assert!(matches!(
            parse("backend workbench GA"),
            Ok(Command::BackendWorkbench { department }) if department == "GA"
        ));
        assert!(matches!(
            parse("backend http GA https://gaj.example.gov.cn"),
            Ok(Command::BackendHttp {
                timeout_ms: 5000,
                max_concurrency: 4,
                ..
            })
        ));
        assert!(matches!(
            parse("backend http GA https://gaj.example.gov.cn 2000 16"),
            Ok(Command::BackendHttp {
                timeout_ms: 2000,
                max_concurrency: 16,
                ..
            })
        ));
        assert!(parse("backend http GA").is_err());
        assert!(parse("backend http GA https://a.cn soon").is_err());
        assert!(parse("backend").is_err());
        assert!(matches!(
            parse("deliveries list"),
            Ok(Command::DeliveriesList)
        ));
        assert!(matches!(
            parse("deliveries retry 42"),
            Ok(Command::DeliveriesRetry {
                id: DeadLetterId::Case(42)
            })
        ));
        assert!(matches!(
            parse("deliveries retry operation:00000000-0000-0000-0000-000000000005"),
            Ok(Command::DeliveriesRetry {
                id: DeadLetterId::Operation(_)
            })
        ));
        assert!(matches!(
            parse("deliveries abandon 7"),
            Ok(Command::DeliveriesAbandon {
                id: DeadLetterId::Case(7)
            })
        ));
        assert!(parse("deliveries retry x").is_err());
        assert!(parse("deliveries").is_err());
        assert!(parse("frobnicate").is_err());
    }
}
