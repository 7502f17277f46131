/* synclint report: filters for the findings. Static: it reads what it needs from the
   page's data-* attributes and never writes markup (only textContent, attributes and
   `hidden`). Without it the page shows everything. */
(function () {
  "use strict";
  var doc = document;
  var body = doc.body;

  function all(selector, root) {
    return Array.prototype.slice.call((root || doc).querySelectorAll(selector));
  }

  function setDetails(open) {
    all("details").forEach(function (d) {
      d.open = open;
    });
  }

  var bar = doc.getElementById("filters");
  if (bar) {
    var boxes = all("input[name=severity]", bar);
    var select = doc.getElementById("rule-filter");
    var count = doc.getElementById("filter-count");
    var findings = all("#findings .finding");
    var groups = all("#findings .rule-group");

    var apply = function () {
      var wanted = {};
      boxes.forEach(function (b) {
        wanted[b.value] = b.checked;
      });
      var rule = select.value;
      var shown = 0;
      findings.forEach(function (f) {
        var ok = wanted[f.getAttribute("data-severity")] === true &&
          (rule === "" || f.getAttribute("data-rule") === rule);
        f.hidden = !ok;
        if (ok) {
          shown += 1;
        }
      });
      groups.forEach(function (g) {
        g.hidden = !g.querySelector(".finding:not([hidden])");
      });
      count.textContent = "Showing " + shown + " of " + findings.length + " findings";
      body.setAttribute("data-shown", String(shown));
    };

    /* The filters live in the address as #severity=error,warning&rule=ID, so a filtered
       view can be bookmarked or shared. */
    var readHash = function () {
      var hash = window.location.hash.replace(/^#/, "");
      if (hash.indexOf("=") < 0) {
        return;
      }
      var params = new URLSearchParams(hash);
      var severity = params.get("severity");
      if (severity !== null) {
        var list = severity.split(",");
        boxes.forEach(function (b) {
          b.checked = list.indexOf(b.value) >= 0;
        });
      }
      var rule = params.get("rule");
      var known = Array.prototype.some.call(select.options, function (o) {
        return o.value === rule;
      });
      select.value = rule !== null && known ? rule : "";
    };

    var remember = function () {
      var checked = boxes.filter(function (b) {
        return b.checked;
      }).map(function (b) {
        return b.value;
      });
      var everything = checked.length === boxes.length && select.value === "";
      var params = new URLSearchParams();
      params.set("severity", checked.join(","));
      if (select.value !== "") {
        params.set("rule", select.value);
      }
      var url = everything
        ? window.location.pathname + window.location.search
        : "#" + params.toString();
      try {
        window.history.replaceState(null, "", url);
      } catch (e) {
        /* Some browsers refuse to change the address of a local file; the filter still works. */
      }
    };

    var changed = function () {
      apply();
      remember();
    };

    var reset = function () {
      boxes.forEach(function (b) {
        b.checked = true;
      });
      select.value = "";
      changed();
    };

    boxes.forEach(function (b) {
      b.addEventListener("change", changed);
    });
    select.addEventListener("change", changed);
    doc.getElementById("filter-reset").addEventListener("click", reset);
    doc.getElementById("expand-all").addEventListener("click", function () {
      setDetails(true);
    });
    doc.getElementById("collapse-all").addEventListener("click", function () {
      setDetails(false);
    });

    /* Following a link to a finding the filters hide shows everything again. */
    window.addEventListener("hashchange", function () {
      var id = window.location.hash.replace(/^#/, "");
      if (id.indexOf("=") >= 0) {
        readHash();
        apply();
        return;
      }
      var target = id === "" ? null : doc.getElementById(id);
      if (target && target.closest("[hidden]")) {
        reset();
        window.location.hash = id;
      }
    });

    readHash();
    apply();
    bar.hidden = false;
  }

  /* Print everything, folded parts included; fold them back afterwards. */
  var reopen = [];
  window.addEventListener("beforeprint", function () {
    reopen = all("details:not([open])");
    reopen.forEach(function (d) {
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    reopen.forEach(function (d) {
      d.open = false;
    });
    reopen = [];
  });

  body.setAttribute("data-ready", "1");
})();
