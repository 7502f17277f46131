//! `trace --redact`: the person's values become pseudonyms, everywhere in the trace, and
//! so do IP addresses and the customer's host names in the event messages and findings
//! (see `crate::redact`); group, role and organization names stay as written.

use super::{Lookup, Trace};
use crate::redact::Redactor;

fn text(r: &Redactor, s: &mut String) {
    *s = r.text(s);
}

fn opt(r: &Redactor, s: &mut Option<String>) {
    if let Some(s) = s {
        text(r, s);
    }
}

fn path(r: &Redactor, s: &mut Option<String>) {
    if let Some(s) = s {
        *s = r.path(s);
    }
}

impl Lookup {
    /// Replace the people this lookup names with their pseudonyms.
    pub fn redact(&mut self, r: &Redactor) {
        match self {
            Lookup::Found(trace) => trace.redact(r),
            Lookup::NotFound { query, near } => {
                *query = r.value(query);
                near.iter_mut().for_each(|n| *n = r.value(n));
            }
        }
    }
}

impl Trace {
    fn redact(&mut self, r: &Redactor) {
        self.query = r.value(&self.query);
        self.user = r.value(&self.user);
        self.idp.id = self.idp.id.as_deref().map(|v| r.value(v));
        self.idp.emails.iter_mut().for_each(|e| *e = r.value(e));
        path(r, &mut self.idp.at);
        self.console.user_id = self.console.user_id.as_deref().map(|v| r.value(v));
        path(r, &mut self.console.at);
        for grant in &mut self.mapping.grants {
            path(r, &mut grant.at);
        }
        for run in &mut self.events {
            opt(r, &mut run.message);
            path(r, &mut run.at);
        }
        for f in &mut self.findings {
            text(r, &mut f.message);
            f.fix.iter_mut().for_each(|s| text(r, s));
            path(r, &mut f.at);
        }
        if let Some(b) = &mut self.broken {
            text(r, &mut b.summary);
        }
    }
}
