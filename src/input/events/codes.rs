//! Error codes found in free text: legacy Code42 app codes and HTTP statuses.

use regex::Regex;
use std::sync::LazyLock;

/// Codes of the legacy Code42 (CrashPlan) Okta app.
const LEGACY: &[&str] = &[
    "invalid_set_of_roles",
    "user_has_invalid_fields",
    "user_not_found",
    "ambiguous_search_results_by_user",
];

/// HTTP reason phrases as servers write them, and their status codes.
const PHRASES: &[(&str, &str)] = &[
    ("Bad Request", "400"),
    ("Unauthorized", "401"),
    ("Forbidden", "403"),
    ("Not Found", "404"),
    ("Conflict", "409"),
    ("Too Many Requests", "429"),
    ("Internal Server Error", "500"),
    ("Bad Gateway", "502"),
    ("Service Unavailable", "503"),
    ("Gateway Timeout", "504"),
];

/// A 4xx/5xx number shortly after `HTTP`, `status` or `code`, or right before its reason
/// phrase (`409 Conflict`). A number before any other word is not a status: `443 timed
/// out`, `500 ms`, `404 bytes`.
static STATUS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let phrases: Vec<&str> = PHRASES.iter().map(|(phrase, _)| *phrase).collect();
    Regex::new(&format!(
        r"(?i)(?:\bhttp|\bstatus|\bcode)[^0-9.]{{0,24}}\b([45][0-9]{{2}})\b|\b([45][0-9]{{2}})\s+(?:{})\b",
        phrases.join("|")
    ))
    .ok()
});

/// The legacy app code `text` names (Okta's legacy event type for a Code42 app error
/// ends with one: `app.crashplanpro.api.user_has_invalid_fields`).
pub(crate) fn legacy_code(text: &str) -> Option<String> {
    LEGACY
        .iter()
        .find(|code| text.contains(*code))
        .map(|code| (*code).to_owned())
}

/// The first error code `text` names: a legacy app code, else an HTTP status (a number
/// such as `status code 409` or `429 Too Many Requests`, else a reason phrase such as
/// `Bad Request`, given as its number).
pub(crate) fn code_in_text(text: &str) -> Option<String> {
    if let Some(code) = legacy_code(text) {
        return Some(code);
    }
    let numbered = STATUS
        .as_ref()
        .and_then(|re| re.captures(text))
        .and_then(|c| c.get(1).or_else(|| c.get(2)).map(|m| m.as_str().to_owned()));
    numbered.or_else(|| {
        PHRASES
            .iter()
            .filter_map(|(phrase, code)| text.find(phrase).map(|at| (at, *code)))
            .min_by_key(|(at, _)| *at)
            .map(|(_, code)| code.to_owned())
    })
}

/// `text` with the reason the SCIM server gave put first: Entra writes every SCIM error
/// as the same sentence about an HTTP exception, then `Web Response: ` and the server's
/// SCIM error body (`{"detail": ..., "status": ...}`), then when it retries. The detail is
/// the cause, and a cut of the text (the sync report's kinds) would drop it. Unchanged
/// when there is no such body.
pub(crate) fn with_response_detail(text: String) -> String {
    let Some((_, body)) = text.split_once("Web Response:") else {
        return text;
    };
    let mut values = serde_json::Deserializer::from_str(body).into_iter::<serde_json::Value>();
    let Some(Ok(serde_json::Value::Object(body))) = values.next() else {
        return text;
    };
    let field = |key: &str| {
        body.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| match v {
                serde_json::Value::String(s) => Some(s.trim().to_owned()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
    };
    match (field("detail"), field("status")) {
        (Some(detail), Some(status)) => format!("{detail} (HTTP {status}). {text}"),
        (Some(detail), None) => format!("{detail}. {text}"),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_in_reasons() {
        let cases = [
            (
                "Authentication failed: invalid_set_of_roles",
                Some("invalid_set_of_roles"),
            ),
            ("Error: user_not_found (404)", Some("user_not_found")),
            (
                "returned an error response with the HTTP status code 409.",
                Some("409"),
            ),
            ("Status: 429", Some("429")),
            ("429 Too Many Requests from api", Some("429")),
            (
                "Error while trying to push profile update for a@b.com: Bad Request. \
                 Errors reported by remote server: Bad Request.",
                Some("400"),
            ),
            ("Request was throttled: Too Many Requests", Some("429")),
            ("user 4045 was not pushed", None),
            ("user 404 was not pushed", None),
            (
                "Connection to api.us.code42.com:443 timed out after 30 seconds",
                None,
            ),
            ("request aborted after 401 ms", None),
            ("Read timed out after 409 seconds", None),
            (
                "Bad Request. Errors reported by remote server: department exceeds 404 Bytes",
                Some("400"),
            ),
            ("the server said 409 conflict", Some("409")),
            ("all good", None),
        ];
        for (text, want) in cases {
            assert_eq!(code_in_text(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn the_scim_servers_reason_comes_first() {
        let entra = "StatusCode: Conflict Message: Processing of the HTTP request resulted in an \
                     exception. Web Response: { \"schemas\" : [ \"urn:ietf:params:scim:api:messages:2.0:Error\" ], \
                     \"status\" : \"409\", \"detail\" : \"User must be Active.\" }. This operation was \
                     retried 0 times.";
        let shown = with_response_detail(entra.to_owned());
        assert!(
            shown.starts_with("User must be Active. (HTTP 409). StatusCode: Conflict"),
            "{shown}"
        );
        assert!(shown.ends_with("retried 0 times."), "{shown}");
        for plain in [
            "Bad Request",
            "Web Response: not json",
            "Web Response: {\"status\": 400}",
        ] {
            assert_eq!(with_response_detail(plain.to_owned()), plain);
        }
    }
}
