//! `proviso serve <clauses>`: the local web page to try an edit ([`crate::serve`]). Binds
//! 127.0.0.1 unless `--host` says otherwise (warning that another address lets the network
//! read and change the clause files), prints the address, and serves until stopped. A deal
//! folder is refused (the page serves one clause folder); a clause file the page cannot read
//! is named on stderr, and the page shows it as a problem of the folder.
//!
//! Exit codes: 1 the folder cannot be read or the address cannot be bound; 2 an internal error.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use super::{CommandLine, EXIT_INTERNAL, EXIT_OK, EXIT_USER, render_diagnostics, use_color};

pub struct Options {
    pub dir: PathBuf,
    pub host: String,
    pub port: u16,
}

pub fn run(cmd: &CommandLine, opts: &Options) -> u8 {
    let shown = opts.dir.display().to_string();
    if crate::deal::is_deal(&opts.dir) {
        let e = cmd.error(
            &shown,
            format!(
                "cannot serve `{shown}`: it is a deal (it has a deal.toml), and the page serves \
                 one clause folder"
            ),
            "this folder",
            "give one of the deal's clause folders, e.g. proviso serve clauses/pmic-series-a \
             (the folders it uses are read too)"
                .to_owned(),
        );
        eprint!("{}", render_diagnostics(&[e], use_color()));
        return EXIT_USER;
    }
    let workspace = crate::serve::workspace::Workspace::new(opts.dir.clone());
    match workspace.listing() {
        Ok((files, problems)) if !files.is_empty() || !problems.is_empty() => {}
        _ => {
            let e = cmd.error(
                &shown,
                format!("cannot serve `{shown}`: it is not a folder of .proviso files"),
                "this folder",
                "give a clause folder, e.g. proviso serve clauses/pmic-series-a".to_owned(),
            );
            eprint!("{}", render_diagnostics(&[e], use_color()));
            return EXIT_USER;
        }
    };
    // The files the page cannot read (not UTF-8, a link out of the folder), named now; the page
    // shows them as problems of the folder.
    for p in workspace
        .saved()
        .map(|(_, problems)| problems)
        .unwrap_or_default()
    {
        eprintln!("proviso serve: warning: {}", p.message);
    }
    let host = if opts.host.eq_ignore_ascii_case("localhost") {
        "127.0.0.1"
    } else {
        opts.host.as_str()
    };
    let ip: IpAddr = match host.parse() {
        Ok(ip) => ip,
        Err(_) => {
            let e = cmd.error(
                &opts.host,
                format!("`{}` is not an IP address to bind", opts.host),
                "--host",
                "give an address such as 127.0.0.1 (this machine only; another address lets the network read and change the files)"
                    .to_owned(),
            );
            eprint!("{}", render_diagnostics(&[e], use_color()));
            return EXIT_USER;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("proviso serve: cannot start: {e}");
            return EXIT_INTERNAL;
        }
    };
    if !ip.is_loopback() {
        eprintln!(
            "proviso serve: warning: bound to {ip}, not this machine only: anyone who can reach \
             this address on the network can read every clause file of `{shown}` and change and \
             save them (there is no password). Use --host 127.0.0.1 unless that is what you want."
        );
    }
    let addr = SocketAddr::new(ip, opts.port);
    let served = runtime.block_on(crate::serve::serve(opts.dir.clone(), addr, |bound| {
        let host = match bound.ip() {
            IpAddr::V6(v6) => format!("[{v6}]"),
            IpAddr::V4(v4) => v4.to_string(),
        };
        let _ = super::print(&format!("proviso serve: http://{host}:{}/", bound.port()));
    }));
    match served {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("proviso serve: cannot serve on {addr}: {e}");
            EXIT_USER
        }
    }
}
