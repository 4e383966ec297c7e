//! "Embedded default" database: when DATABASE_URL is unset the portal runs a
//! private PostgreSQL cluster of its own, reachable only over a unix socket.
//! Data lives in `<base>/data`, the socket in `<base>/run`, the log in `<base>/pg.log`.
//!
//! The socket directory is private to the server's user (0700), every connection must give a
//! password (scram-sha-256; the passwords are kept in `<base>/*.password`, readable only by
//! the user that runs the portal), and the portal itself works as [`APP_ROLE`], which owns
//! nothing: see [`EmbeddedPostgres::grant_app_rights`].

use anyhow::{bail, Context, Result};
use sqlx::postgres::{PgConnectOptions, PgSslMode};
use sqlx::Connection;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use tokio::process::Command;

/// Only names the socket file (`.s.PGSQL.5432`); there is no TCP listener.
const PORT: u16 = 5432;
const SUPERUSER: &str = "postgres";
/// The role the portal's requests run as: no superuser, no owner of any table.
pub const APP_ROLE: &str = "portal_app";
/// Marks the pg_hba.conf the portal wrote (older clusters trusted every local connection).
const HBA: &str = "# Written by the portal on every start: passwords on the private socket only.\n\
                   local all all scram-sha-256\n";

pub struct EmbeddedPostgres {
    data_dir: PathBuf,
    socket_dir: PathBuf,
    log_file: PathBuf,
    bin_dir: PathBuf,
    /// (uid, gid) to run initdb/pg_ctl as; `None` = the current user.
    run_as: Option<(u32, u32)>,
    /// Whether this process started the server (rather than finding it running).
    started_here: bool,
    superuser_password: String,
    app_password: String,
}

impl EmbeddedPostgres {
    /// Creates the cluster if needed and starts it (or reuses one already running on it).
    pub async fn start(base_dir: &Path) -> Result<Self> {
        let bin_dir = find_bin_dir().context(
            "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in \
             /usr/lib/postgresql/*/bin; install PostgreSQL (apt-get install postgresql) \
             or set DATABASE_URL",
        )?;
        std::fs::create_dir_all(base_dir)
            .with_context(|| format!("creating {}", base_dir.display()))?;
        // Absolute, symlink-free paths: the socket setting and the traversal check need them.
        let base = std::fs::canonicalize(base_dir)
            .with_context(|| format!("resolving {}", base_dir.display()))?;
        // initdb refuses to run as root, so root hands the cluster to the `postgres` user.
        let run_as = if effective_uid()? == 0 {
            let passwd = std::fs::read_to_string("/etc/passwd").context("reading /etc/passwd")?;
            Some(parse_passwd_user(&passwd, SUPERUSER).context(
                "running as root but there is no `postgres` system user to own the embedded \
                 database; install PostgreSQL (apt-get install postgresql) or set DATABASE_URL",
            )?)
        } else {
            None
        };
        let mut pg = Self {
            data_dir: base.join("data"),
            socket_dir: base.join("run"),
            log_file: base.join("pg.log"),
            bin_dir,
            run_as,
            started_here: false,
            superuser_password: password_file(&base.join("superuser.password"))?,
            app_password: password_file(&base.join("app.password"))?,
        };
        pg.prepare_dirs()?;
        if !pg.data_dir.join("PG_VERSION").exists() {
            pg.initdb().await?;
        }
        pg.write_settings()?;
        pg.started_here = pg.start_server().await?;
        pg.require_passwords().await?;
        Ok(pg)
    }

    /// Gives the superuser its password and then asks every connection for one. A cluster
    /// made before passwords were required trusted local connections: it is converted here.
    async fn require_passwords(&self) -> Result<()> {
        let hba = self.data_dir.join("pg_hba.conf");
        let current = std::fs::read_to_string(&hba).unwrap_or_default();
        let mut conn = sqlx::PgConnection::connect_with(&self.connect_options("postgres"))
            .await
            .context("connecting to the embedded server as its superuser")?;
        sqlx::raw_sql(&format!(
            "ALTER ROLE {SUPERUSER} PASSWORD {}",
            quote_literal(&self.superuser_password)
        ))
        .execute(&mut conn)
        .await
        .context("setting the superuser's password")?;
        if current != HBA {
            std::fs::write(&hba, HBA).with_context(|| format!("writing {}", hba.display()))?;
            if let Some((uid, gid)) = self.run_as {
                std::os::unix::fs::chown(&hba, Some(uid), Some(gid))
                    .with_context(|| format!("chown {}", hba.display()))?;
            }
            sqlx::query("SELECT pg_reload_conf()")
                .execute(&mut conn)
                .await
                .context("reloading the authentication rules")?;
        }
        conn.close().await.ok();
        Ok(())
    }

    /// Connect options for `database` as [`APP_ROLE`] (see [`Self::grant_app_rights`]).
    pub fn app_connect_options(&self, database: &str) -> PgConnectOptions {
        self.connect_options(database)
            .username(APP_ROLE)
            .password(&self.app_password)
    }

    /// Creates [`APP_ROLE`] if needed and gives it what the portal's requests need in
    /// `database`, after the superuser has migrated it: rows of every table (only reading and
    /// appending in `append_only`), the sequences, nothing else — it owns no table, so it
    /// cannot alter, disable the triggers of, or truncate any (in particular the audit log).
    pub async fn grant_app_rights(&self, database: &str, append_only: &[&str]) -> Result<()> {
        let mut conn = sqlx::PgConnection::connect_with(&self.connect_options(database))
            .await
            .with_context(|| format!("connecting to {database} as the superuser"))?;
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS(SELECT 1 FROM pg_roles WHERE rolname = $1)")
                .bind(APP_ROLE)
                .fetch_one(&mut conn)
                .await?;
        let password = quote_literal(&self.app_password);
        let role = if exists {
            format!("ALTER ROLE {APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {password}")
        } else {
            format!("CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {password}")
        };
        let database = format!("\"{}\"", database.replace('"', "\"\""));
        let schemas: Vec<String> = sqlx::query_scalar(
            "SELECT nspname::text FROM pg_namespace
             WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'",
        )
        .fetch_all(&mut conn)
        .await?;
        let mut sql =
            format!("{role};\nGRANT CONNECT, TEMPORARY ON DATABASE {database} TO {APP_ROLE};\n");
        for schema in &schemas {
            let schema = format!("\"{}\"", schema.replace('"', "\"\""));
            sql.push_str(&format!(
                "REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC;
                 GRANT USAGE ON SCHEMA {schema} TO {APP_ROLE};
                 GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {APP_ROLE};
                 GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {APP_ROLE};\n"
            ));
        }
        for table in append_only {
            let table = format!("\"{}\"", table.replace('"', "\"\""));
            sql.push_str(&format!(
                "REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {APP_ROLE};\n"
            ));
        }
        sqlx::raw_sql(&sql)
            .execute(&mut conn)
            .await
            .context("granting the portal's role its rights")?;
        conn.close().await.ok();
        Ok(())
    }

    /// Whether this process started the server; a one-off command stops only what it started.
    pub fn started_here(&self) -> bool {
        self.started_here
    }

    /// Connect options for `database` over the unix socket, as the superuser (migrations,
    /// creating databases and granting rights only).
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        // Explicit values override any PG* environment variables sqlx would pick up.
        PgConnectOptions::new_without_pgpass()
            .socket(&self.socket_dir)
            .port(PORT)
            .username(SUPERUSER)
            .password(&self.superuser_password)
            .database(database)
            .ssl_mode(PgSslMode::Disable)
    }

    /// The socket directory (private to the server's user).
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// Creates `database` if it does not exist.
    pub async fn ensure_database(&self, database: &str) -> Result<()> {
        if database.is_empty() {
            bail!("database name must not be empty");
        }
        let mut conn = sqlx::PgConnection::connect_with(&self.connect_options("postgres"))
            .await
            .with_context(|| {
                format!(
                    "connecting to the embedded server in {}",
                    self.socket_dir.display()
                )
            })?;
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS(SELECT 1 FROM pg_database WHERE datname = $1)")
                .bind(database)
                .fetch_one(&mut conn)
                .await
                .context("checking pg_database")?;
        if !exists {
            let sql = format!("CREATE DATABASE \"{}\"", database.replace('"', "\"\""));
            match sqlx::raw_sql(&sql).execute(&mut conn).await {
                Ok(_) => tracing::info!(database, "created database in embedded PostgreSQL"),
                // 42P04 duplicate_database: another process created it concurrently.
                Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {}
                Err(e) => return Err(e).with_context(|| format!("creating database {database}")),
            }
        }
        conn.close().await.ok();
        Ok(())
    }

    /// Stops the cluster (pg_ctl stop -m fast -w). Call on graceful shutdown.
    pub async fn stop(&self) -> Result<()> {
        if !self.is_running().await? {
            return Ok(());
        }
        let out = self
            .pg_ctl(&["stop", "-m", "fast", "-w", "-t", "120"])
            .await?;
        // The server may have gone away by itself meanwhile (e.g. on a terminal signal).
        if !out.status.success() && self.is_running().await? {
            bail!("pg_ctl stop failed: {}", output_text(&out));
        }
        tracing::info!(data_dir = %self.data_dir.display(), "embedded PostgreSQL stopped");
        Ok(())
    }

    fn prepare_dirs(&self) -> Result<()> {
        for dir in [&self.data_dir, &self.socket_dir] {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        // sun_path is 108 bytes; say so plainly instead of failing deep inside postgres.
        let socket = self.socket_dir.join(format!(".s.PGSQL.{PORT}"));
        if socket.as_os_str().len() > 107 {
            bail!(
                "socket path {} is too long for a unix socket; choose a shorter PORTAL_DATA_DIR",
                socket.display()
            );
        }
        // Only the server's user may reach the socket (root, running the portal, still can).
        std::fs::set_permissions(&self.socket_dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("chmod 0700 {}", self.socket_dir.display()))?;
        let Some((uid, gid)) = self.run_as else {
            return Ok(());
        };
        // The log is opened by pg_ctl as the postgres user, so it must exist and be theirs.
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log_file)
            .with_context(|| format!("creating {}", self.log_file.display()))?;
        for path in [&self.data_dir, &self.socket_dir, &self.log_file] {
            std::os::unix::fs::chown(path, Some(uid), Some(gid))
                .with_context(|| format!("chown {} to the postgres user", path.display()))?;
        }
        for dir in self.data_dir.ancestors().skip(1) {
            let meta =
                std::fs::metadata(dir).with_context(|| format!("inspecting {}", dir.display()))?;
            if !can_traverse(meta.uid(), meta.gid(), meta.permissions().mode(), uid, gid) {
                bail!(
                    "directory {} is not traversable by the postgres user (uid {uid}); \
                     chmod o+x it or choose another PORTAL_DATA_DIR",
                    dir.display()
                );
            }
        }
        Ok(())
    }

    async fn initdb(&self) -> Result<()> {
        let mut entries = std::fs::read_dir(&self.data_dir)
            .with_context(|| format!("reading {}", self.data_dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty but holds no PostgreSQL cluster; refusing to overwrite it",
                self.data_dir.display()
            );
        }
        tracing::info!(data_dir = %self.data_dir.display(), "creating embedded PostgreSQL cluster");
        // The superuser's password, in a file initdb (as the server's user) reads once.
        let pwfile = self.socket_dir.join("initdb.password");
        std::fs::write(&pwfile, &self.superuser_password)
            .with_context(|| format!("writing {}", pwfile.display()))?;
        std::fs::set_permissions(&pwfile, std::fs::Permissions::from_mode(0o600))?;
        if let Some((uid, gid)) = self.run_as {
            std::os::unix::fs::chown(&pwfile, Some(uid), Some(gid))?;
        }
        let mut cmd = self.command("initdb");
        // C.UTF-8 so that pg_trgm treats CJK characters as word characters.
        cmd.args([
            "-U",
            SUPERUSER,
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ])
        .arg(format!("--pwfile={}", pwfile.display()))
        .arg("-D")
        .arg(&self.data_dir);
        let out = cmd.output().await;
        std::fs::remove_file(&pwfile).ok();
        let out = out.context("running initdb")?;
        if !out.status.success() {
            bail!("initdb failed: {}", output_text(&out));
        }
        Ok(())
    }

    /// Our settings live in `portal.conf`, included from postgresql.conf and rewritten on
    /// each start so they follow the base dir if it moves; a manual `pg_ctl start` sees them too.
    fn write_settings(&self) -> Result<()> {
        let main_conf = self.data_dir.join("postgresql.conf");
        let include = "include_if_exists = 'portal.conf'";
        let conf = std::fs::read_to_string(&main_conf)
            .with_context(|| format!("reading {}", main_conf.display()))?;
        if !conf.lines().any(|l| l.trim() == include) {
            std::fs::write(
                &main_conf,
                format!("{conf}\n# Added by the portal.\n{include}\n"),
            )
            .with_context(|| format!("writing {}", main_conf.display()))?;
        }
        let socket_dir = self.socket_dir.to_string_lossy().replace('\'', "''");
        let settings = format!(
            "# Written by the portal on every start; edits are overwritten.\n\
             listen_addresses = ''\nunix_socket_directories = '{socket_dir}'\nunix_socket_permissions = 0700\n\
             password_encryption = 'scram-sha-256'\nport = {PORT}\nfsync = on\n"
        );
        let path = self.data_dir.join("portal.conf");
        std::fs::write(&path, settings).with_context(|| format!("writing {}", path.display()))?;
        if let Some((uid, gid)) = self.run_as {
            std::os::unix::fs::chown(&path, Some(uid), Some(gid))
                .with_context(|| format!("chown {}", path.display()))?;
        }
        Ok(())
    }

    /// Starts the server; `false` when it was already running (and is reused).
    async fn start_server(&self) -> Result<bool> {
        if self.is_running().await? {
            tracing::info!(data_dir = %self.data_dir.display(), "reusing running embedded PostgreSQL");
            return Ok(false);
        }
        // pg_ctl copes with a stale postmaster.pid left by a crash. A long timeout leaves
        // room for crash recovery.
        let mut cmd = self.command("pg_ctl");
        cmd.args(["start", "-w", "-t", "300", "-D"])
            .arg(&self.data_dir)
            .arg("-l")
            .arg(&self.log_file);
        // Own process group: a terminal Ctrl-C must not kill the database before the
        // portal has finished its graceful shutdown.
        cmd.process_group(0);
        let out = cmd.output().await.context("running pg_ctl start")?;
        if !out.status.success() {
            // Lost a race with another start on the same dir: a running server is fine.
            if self.is_running().await? {
                return Ok(false);
            }
            bail!(
                "pg_ctl start failed: {}; see {}",
                output_text(&out),
                self.log_file.display()
            );
        }
        tracing::info!(data_dir = %self.data_dir.display(), "embedded PostgreSQL started");
        Ok(true)
    }

    async fn is_running(&self) -> Result<bool> {
        // Exit codes: 0 running, 3 not running, 4 no accessible data directory.
        let out = self.pg_ctl(&["status"]).await?;
        Ok(out.status.code() == Some(0))
    }

    async fn pg_ctl(&self, args: &[&str]) -> Result<Output> {
        let mut cmd = self.command("pg_ctl");
        cmd.args(args).arg("-D").arg(&self.data_dir);
        cmd.output()
            .await
            .with_context(|| format!("running pg_ctl {}", args.join(" ")))
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.bin_dir.join(program));
        // Run from a directory the postgres user can enter (root's cwd may be private).
        cmd.current_dir(&self.socket_dir).stdin(Stdio::null());
        if let Some((uid, gid)) = self.run_as {
            // std also drops root's supplementary groups (setgroups(0)) before setuid.
            cmd.uid(uid).gid(gid);
        }
        cmd
    }
}

/// The password kept in `path`, made (random, readable only by this user) on first use.
fn password_file(path: &Path) -> Result<String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Ok(password) = std::fs::read_to_string(path) {
        let password = password.trim().to_string();
        if password.len() >= 32 {
            return Ok(password);
        }
    }
    let mut bytes = [0u8; 24];
    getrandom(&mut bytes)?;
    let password: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(password.as_bytes())?;
    Ok(password)
}

fn getrandom(bytes: &mut [u8]) -> Result<()> {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(bytes))
        .context("reading /dev/urandom")
}

/// A SQL string literal (the passwords are hex, but quote properly anyway).
fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `PORTAL_DATA_DIR` if set; else /var/lib/yiwang-portal/pg for root, else
/// `$HOME/.local/share/yiwang-portal/pg`.
pub fn default_base_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PORTAL_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    match (effective_uid(), std::env::var_os("HOME")) {
        (Ok(0), _) | (_, None) => PathBuf::from("/var/lib/yiwang-portal/pg"),
        (_, Some(home)) => PathBuf::from(home).join(".local/share/yiwang-portal/pg"),
    }
}

/// Effective uid from the `Uid:` line of /proc/self/status (real, effective, saved, fs).
fn effective_uid() -> Result<u32> {
    let status =
        std::fs::read_to_string("/proc/self/status").context("reading /proc/self/status")?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|uid| uid.parse().ok())
        .context("no effective uid in /proc/self/status")
}

/// (uid, gid) of `user` in /etc/passwd contents.
fn parse_passwd_user(passwd: &str, user: &str) -> Option<(u32, u32)> {
    passwd.lines().find_map(|line| {
        let mut f = line.split(':');
        if f.next()? != user {
            return None;
        }
        let (_pw, uid, gid) = (f.next()?, f.next()?, f.next()?);
        Some((uid.parse().ok()?, gid.parse().ok()?))
    })
}

/// Whether uid/gid (primary group only: std drops supplementary groups) may enter a dir.
fn can_traverse(owner: u32, group: u32, mode: u32, uid: u32, gid: u32) -> bool {
    if owner == uid {
        mode & 0o100 != 0
    } else if group == gid {
        mode & 0o010 != 0
    } else {
        mode & 0o001 != 0
    }
}

fn find_bin_dir() -> Option<PathBuf> {
    let has_both = |d: &Path| d.join("initdb").is_file() && d.join("pg_ctl").is_file();
    let path_dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    let versions: Vec<String> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    choose_bin_dir(
        &path_dirs,
        &versions,
        Path::new("/usr/lib/postgresql"),
        has_both,
    )
}

/// The first PATH dir holding initdb and pg_ctl (resolved through symlinks, so pg_ctl
/// sits next to its `postgres`), else the newest `<lib_root>/<version>/bin`.
fn choose_bin_dir(
    path_dirs: &[PathBuf],
    versions: &[String],
    lib_root: &Path,
    has_both: impl Fn(&Path) -> bool,
) -> Option<PathBuf> {
    if let Some(dir) = path_dirs.iter().find(|d| has_both(d)) {
        let real = std::fs::canonicalize(dir.join("initdb"))
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        return Some(real.filter(|r| has_both(r)).unwrap_or_else(|| dir.clone()));
    }
    let version_key = |v: &String| {
        v.split('.')
            .map(|n| n.parse::<u32>().ok())
            .collect::<Option<Vec<u32>>>()
    };
    versions
        .iter()
        .filter_map(|v| Some((version_key(v)?, lib_root.join(v).join("bin"))))
        .filter(|(_, bin)| has_both(bin))
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, bin)| bin)
}

fn output_text(out: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    format!("{} ({})", text.trim(), out.status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_passwd() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\nbroken\npostgresx:x:7:7::/:/bin/sh\n\
                      postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\n";
        assert_eq!(parse_passwd_user(passwd, "postgres"), Some((101, 104)));
        assert_eq!(parse_passwd_user(passwd, "root"), Some((0, 0)));
        assert_eq!(parse_passwd_user(passwd, "nobody"), None);
        assert_eq!(
            parse_passwd_user("postgres:x:abc:1::/:/bin/sh", "postgres"),
            None
        );
    }

    #[test]
    fn chooses_bin_dir() {
        let lib = Path::new("/nonexistent-lib");
        let have =
            |dirs: &'static [&'static str]| move |d: &Path| dirs.iter().any(|x| Path::new(x) == d);
        let versions: Vec<String> = ["9.6", "15", "13", "README"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let path = vec![PathBuf::from("/a"), PathBuf::from("/b")];
        // PATH wins (canonicalize fails for these fake dirs, so the PATH dir itself is kept).
        assert_eq!(
            choose_bin_dir(
                &path,
                &versions,
                lib,
                have(&["/b", "/nonexistent-lib/15/bin"])
            ),
            Some(PathBuf::from("/b"))
        );
        // Newest version numerically: 15 > 13 > 9.6.
        let all = &[
            "/nonexistent-lib/9.6/bin",
            "/nonexistent-lib/15/bin",
            "/nonexistent-lib/13/bin",
        ];
        assert_eq!(
            choose_bin_dir(&path, &versions, lib, have(all)),
            Some(lib.join("15/bin"))
        );
        // Versions whose bin dir lacks the binaries are skipped.
        assert_eq!(
            choose_bin_dir(&path, &versions, lib, have(&["/nonexistent-lib/9.6/bin"])),
            Some(lib.join("9.6/bin"))
        );
        assert_eq!(choose_bin_dir(&path, &versions, lib, have(&[])), None);
    }

    #[test]
    fn traversal_rules() {
        assert!(can_traverse(0, 0, 0o755, 101, 104));
        assert!(!can_traverse(0, 0, 0o700, 101, 104));
        assert!(can_traverse(0, 104, 0o710, 101, 104));
        assert!(can_traverse(101, 0, 0o700, 101, 104));
        assert!(!can_traverse(101, 0, 0o077, 101, 104));
    }

    #[tokio::test]
    async fn starts_restarts_and_stops() -> Result<()> {
        use std::os::unix::fs::DirBuilderExt;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_nanos();
        let base = PathBuf::from(format!(
            "/tmp/embedded-pg-test-{}-{nanos}",
            std::process::id()
        ));
        // 0755 so the postgres user can traverse it when the test runs as root.
        std::fs::DirBuilder::new().mode(0o755).create(&base)?;
        let result = run_lifecycle(&base).await;
        if result.is_ok() {
            std::fs::remove_dir_all(&base).ok();
        }
        result
    }

    async fn run_lifecycle(base: &Path) -> Result<()> {
        let pg = EmbeddedPostgres::start(base).await?;
        assert!(pg.started_here(), "the first start starts the server");
        pg.ensure_database("portal_test").await?;
        pg.ensure_database("portal_test").await?; // idempotent
        let mut conn = sqlx::PgConnection::connect_with(&pg.connect_options("portal_test")).await?;
        sqlx::raw_sql(
            "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('市政府 survives')",
        )
        .execute(&mut conn)
        .await?;
        conn.close().await?;
        // A second start on a running cluster reuses it, and knows it did not start it.
        assert!(!EmbeddedPostgres::start(base).await?.started_here());
        pg.stop().await?;
        assert!(!pg.is_running().await?);
        pg.stop().await?; // stopping a stopped cluster is fine

        // Simulate a crash leftover: a postmaster.pid naming a process that no longer exists.
        let mut dead = std::process::Command::new("true").spawn()?;
        let dead_pid = dead.id();
        dead.wait()?;
        let pid_file = base.join("data/postmaster.pid");
        std::fs::write(
            &pid_file,
            format!("{dead_pid}\n{}\n", base.join("data").display()),
        )?;

        let pg = EmbeddedPostgres::start(base).await?;
        let mut conn = sqlx::PgConnection::connect_with(&pg.connect_options("portal_test")).await?;
        let body: String = sqlx::query_scalar("SELECT body FROM notes")
            .fetch_one(&mut conn)
            .await?;
        assert_eq!(body, "市政府 survives");
        let locale: String =
            sqlx::query_scalar("SELECT datcollate FROM pg_database WHERE datname = 'portal_test'")
                .fetch_one(&mut conn)
                .await?;
        assert_eq!(locale, "C.UTF-8");
        let listen: String = sqlx::query_scalar("SHOW listen_addresses")
            .fetch_one(&mut conn)
            .await?;
        assert_eq!(listen, "", "no TCP listener");
        conn.close().await?;

        // The socket is private to the server's user, and every connection needs a password.
        let mode = std::fs::metadata(base.join("run"))?.permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "socket directory mode {mode:o}");
        let without_password = PgConnectOptions::new_without_pgpass()
            .socket(pg.socket_dir())
            .port(PORT)
            .username(SUPERUSER)
            .database("portal_test")
            .ssl_mode(PgSslMode::Disable);
        assert!(sqlx::PgConnection::connect_with(&without_password)
            .await
            .is_err());
        let wrong = without_password.clone().password("wrong");
        assert!(sqlx::PgConnection::connect_with(&wrong).await.is_err());

        // The portal's role reads and appends, and changes nothing it is told not to.
        pg.grant_app_rights("portal_test", &["notes"]).await?;
        let mut app =
            sqlx::PgConnection::connect_with(&pg.app_connect_options("portal_test")).await?;
        sqlx::query("INSERT INTO notes VALUES ('appended')")
            .execute(&mut app)
            .await?;
        for refused in [
            "UPDATE notes SET body = 'x'",
            "DELETE FROM notes",
            "TRUNCATE notes",
            "ALTER TABLE notes ADD COLUMN x int",
            "CREATE TABLE mine (x int)",
        ] {
            assert!(
                sqlx::raw_sql(refused).execute(&mut app).await.is_err(),
                "{refused}"
            );
        }
        let superuser: bool =
            sqlx::query_scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                .fetch_one(&mut app)
                .await?;
        assert!(!superuser);
        app.close().await?;

        // A cluster made before passwords were required (trusting the socket) is converted.
        pg.stop().await?;
        std::fs::write(base.join("data/pg_hba.conf"), "local all all trust\n")?;
        let pg = EmbeddedPostgres::start(base).await?;
        assert!(sqlx::PgConnection::connect_with(&without_password)
            .await
            .is_err());
        sqlx::PgConnection::connect_with(&pg.connect_options("portal_test"))
            .await?
            .close()
            .await?;
        pg.stop().await?;
        assert!(!pg.is_running().await?);
        Ok(())
    }
}
