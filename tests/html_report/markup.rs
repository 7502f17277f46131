//! A small scanner for the tags of a page, enough to check what elements and attributes it
//! has. In the pages checked, text never holds a raw `<` (it is escaped), so every `<` outside
//! `<script>` and `<style>` starts a tag, a comment or the doctype.

/// One start or end tag.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub end: bool,
    /// Attribute names (lowercased) and raw values.
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every tag of `html`, in order.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut i = 0;
    let mut found = Vec::new();
    while let Some(at) = html[i..].find('<').map(|p| p + i) {
        i = at + 1;
        if html[at..].starts_with("<!--") {
            i = html[at..].find("-->").map_or(b.len(), |p| at + p + 3);
            continue;
        }
        if html[at..].starts_with("<!") {
            i = html[at..].find('>').map_or(b.len(), |p| at + p + 1);
            continue;
        }
        let end = b.get(i) == Some(&b'/');
        if end {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            panic!(
                "a raw `<` that starts no tag at byte {at}: {}",
                &html[at..(at + 40).min(html.len())]
            );
        }
        let start = i;
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
        {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match b.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(b'/') => {
                    i += 1;
                    continue;
                }
                Some(_) => {}
            }
            let n0 = i;
            while b
                .get(i)
                .is_some_and(|c| !c.is_ascii_whitespace() && !b"=>/".contains(c))
            {
                i += 1;
            }
            let attr = html[n0..i].to_ascii_lowercase();
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let close = html[i + 1..]
                            .find(char::from(q))
                            .map_or(b.len(), |p| i + 1 + p);
                        value = html[i + 1..close.min(b.len())].to_owned();
                        i = close + 1;
                    }
                    _ => {
                        let v0 = i;
                        while b
                            .get(i)
                            .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                        {
                            i += 1;
                        }
                        value = html[v0..i].to_owned();
                    }
                }
            }
            attrs.push((attr, value));
        }
        let raw_text = !end && (name == "script" || name == "style");
        found.push(Tag {
            name: name.clone(),
            end,
            attrs,
        });
        if raw_text {
            let close = format!("</{name}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(b.len(), |p| i + p);
        }
    }
    found
}

/// The elements a report page may contain; anything else was injected.
pub const ALLOWED: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "nav",
    "main",
    "footer",
    "section",
    "article",
    "div",
    "p",
    "span",
    "strong",
    "code",
    "pre",
    "time",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "details",
    "summary",
    "figure",
    "figcaption",
    "fieldset",
    "legend",
    "label",
    "input",
    "select",
    "option",
    "button",
    "output",
    "svg",
    "g",
    "rect",
    "line",
    "text",
    "tspan",
    "desc",
    "script",
];
