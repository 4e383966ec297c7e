//! Subcommands of the `portal` binary.
use crate::config::Settings;
use crate::startup::Application;
use anyhow::{bail, Context};
use app::domain::registration::StaffAccountForm;
use std::future::Future;

pub enum Command {
    /// Serve the portal (default).
    Serve,
    /// Load the demo accounts, then serve.
    Demo,
    /// Apply migrations and exit.
    Migrate,
    /// Create a staff account: `create-staff USERNAME "DISPLAY NAME" ROLE [DEPARTMENT]`;
    /// the password is read from `PORTAL_NEW_STAFF_PASSWORD` (never from the command line,
    /// where other users could see it).
    CreateStaff {
        username: String,
        display_name: String,
        role: String,
        department: Option<String>,
    },
    /// Walk the audit log's hash chain: prints the rows and "chain intact" or the first broken
    /// row; fails (non-zero exit) when broken.
    VerifyAudit,
}

const USAGE: &str =
    "usage: portal [serve | demo | migrate | verify-audit | create-staff USERNAME NAME ROLE [DEPARTMENT]]";

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
    let app = build(settings).await?;
    match command {
        Command::Serve => serve(app).await,
        Command::Demo => {
            let accounts = crate::demo::load(app.pool()).await?;
            println!(
                "\nDemo accounts (password for all: {}):",
                crate::demo::DEMO_PASSWORD
            );
            for (who, login) in accounts {
                println!("  {who:<28} {login}");
            }
            serve(app).await
        }
        Command::Migrate => Ok(()),
        Command::VerifyAudit => {
            let report = app::core::audit::verify(app.pool()).await?;
            println!("audit log: {} rows", report.rows);
            match report.first_broken_id {
                None => {
                    println!("chain intact");
                    Ok(())
                }
                Some(id) => {
                    println!("chain broken at row {id}");
                    bail!("the audit log's hash chain is broken at row {id}")
                }
            }
        }
        Command::CreateStaff {
            username,
            display_name,
            role,
            department,
        } => {
            let password = std::env::var("PORTAL_NEW_STAFF_PASSWORD")
                .context("set PORTAL_NEW_STAFF_PASSWORD to the new account's initial password")?;
            let answers = [
                ("username", username),
                ("display_name", display_name),
                ("role", role),
                ("department_code", department.unwrap_or_default()),
                ("password", password),
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
            let id = app::core::staff::create_staff(app.pool(), None, &form).await?;
            println!("created staff account {} ({id})", form.username);
            Ok(())
        }
    }
}

async fn serve(app: Application) -> anyhow::Result<()> {
    let addr = app.local_addr()?;
    println!("\n一网通办 portal is running at http://{addr}/\n");
    app.run_until_stopped().await
}
