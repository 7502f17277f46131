//! `synclint completions SHELL` and `synclint man`: generated from the same command
//! definition that parses the arguments, so every subcommand and option appears.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests state their expectations this way

use std::process::{Command, Output};

fn synclint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_shell_gets_a_script_that_knows_the_subcommands_and_options() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef synclint"),
        ("fish", "complete -c synclint"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer"),
    ] {
        let out = synclint(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {out:?}");
        let text = stdout(&out);
        assert!(text.contains(marker), "{shell} script lacks {marker}");
        for word in ["check", "notify", "fail-on", "max-total-size"] {
            assert!(text.contains(word), "{shell} script lacks {word}");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error_that_lists_the_shells() {
    let out = synclint(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("powershell"), "{err}");
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let out = synclint(&["man"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.starts_with(".ie") || text.contains(".TH synclint"),
        "not roff: {}",
        &text[..text.len().min(200)]
    );
    assert!(text.contains(".TH synclint 1"), "no title line");
    for word in ["check", "report", "notify", "trace", "plan", "completions"] {
        assert!(text.contains(word), "man page lacks {word}");
    }
}
