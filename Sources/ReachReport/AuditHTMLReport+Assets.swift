extension AuditHTMLReport {
    /// The page's stylesheet (the drawings' classes are `PathDiagram.svgStyle`).
    ///
    /// Each VPC's table, finding and failing path has `content-visibility: auto`: the browser
    /// lays out only what is on screen. Without it, Chromium laid the growing page out again
    /// and again while reading it, and the 100-VPC organisation's page (4,229 failing paths)
    /// took about three times as long to open. Per element, not per section: with a whole
    /// section skipped, asking the style of each of its elements in turn (as the browser test
    /// does to read what a filter shows) took minutes.
    static let style = """
        body{font:14px/1.45 -apple-system,"Segoe UI",Roboto,"DejaVu Sans",Helvetica,Arial,sans-serif;color:#1f2328;margin:0 auto;padding:16px 24px;max-width:1600px}
        h1{font-size:22px;margin:0 0 12px}h2{font-size:18px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:28px}
        h3{font-size:15px;margin:18px 0 6px}h3 .count{font-weight:normal;color:#57606a}
        pre{white-space:pre-wrap;word-break:break-word;margin:4px 0}code,pre,.code,.rule{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
        #summary pre{font-size:14px;padding:10px 12px;border-radius:6px;background:#f6f8fa;border-left:4px solid #2e7d32}
        #summary.failed pre{border-left-color:#c62828}
        #filters{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #d0d7de;z-index:2;display:flex;flex-wrap:wrap;gap:16px;align-items:center}
        #filters select{font:inherit;max-width:320px}#filter-count,#findings-count{color:#57606a}
        .vpc{overflow-x:auto}
        table.matrix{border-collapse:collapse;margin:4px 0 8px}
        .matrix th,.matrix td{border:1px solid #d0d7de;padding:3px 8px;text-align:center;white-space:nowrap}
        .matrix thead th{background:#f6f8fa;font-weight:600;font-size:12.5px}.matrix tbody th{text-align:left;font-weight:normal}
        .v-reachable{color:#1a7f37}.v-partial{color:#9a6700;font-weight:bold}.v-unreachable{color:#c62828;font-weight:bold}.v-none{color:#8c959f}
        td.v-partial{background:#fff8e1}td.v-unreachable{background:#fde8e8}
        .matrix a{color:inherit}
        .off{display:none}.dim{visibility:hidden}[hidden]{display:none!important}
        .legend{color:#57606a}
        ol.findings{padding-left:28px}.finding{margin:6px 0}.finding p{margin:2px 0}
        .rule{background:#eaeef2;border-radius:4px;padding:0 4px}
        h3.sev-error{color:#c62828}h3.sev-warning{color:#9a6700}h3.sev-note{color:#57606a}
        .fix{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:6px 8px}
        details.cell{border:1px solid #d0d7de;border-radius:6px;margin:6px 0;padding:4px 10px}
        details.cell[open]{padding-bottom:10px}details.cell summary{cursor:pointer}
        .zones{color:#57606a}.diagram{overflow-x:auto;margin:8px 0}.diagram svg{display:block}
        .code{color:#c62828;font-weight:bold}ul.blockers p{margin:2px 0}ul.notes{color:#57606a}
        div.vpc{content-visibility:auto;contain-intrinsic-size:auto 200px}
        li.finding{content-visibility:auto;contain-intrinsic-size:auto 80px}
        details.cell{content-visibility:auto;contain-intrinsic-size:auto 34px}
        """

    /// The filters: a cell is shown when its verdict and target match, a row when its VPCs match
    /// and, with a verdict or target chosen, a cell of it is shown; a VPC's table when a row of
    /// it is. A failing path is shown when its function's VPCs, its target and its verdict
    /// match. No library: the page must work offline.
    static let script = """
        (function () {
          "use strict";
          var verdict = document.getElementById("filter-verdict");
          var vpc = document.getElementById("filter-vpc");
          var target = document.getElementById("filter-target");
          var count = document.getElementById("filter-count");
          var findingsCount = document.getElementById("findings-count");
          function verdictMatches(value) {
            var wanted = verdict.value;
            if (!wanted) return true;
            if (!value) return false;
            if (wanted === "failing") return value === "partial" || value === "unreachable";
            return value === wanted;
          }
          function vpcMatches(list) {
            var wanted = vpc.value;
            if (!wanted) return true;
            var vpcs = list ? list.split(" ") : [];
            return wanted === "none" ? vpcs.length === 0 : vpcs.indexOf(wanted) >= 0;
          }
          function targetMatches(value) {
            return !target.value || value === target.value;
          }
          function apply() {
            var filtering = verdict.value !== "" || target.value !== "";
            var rows = 0, shownRows = 0, paths = 0, shownPaths = 0;
            document.querySelectorAll("#matrix div.vpc").forEach(function (table) {
              var tableShown = false;
              table.querySelectorAll("thead th[data-target]").forEach(function (heading) {
                heading.classList.toggle("off", !targetMatches(heading.dataset.target));
              });
              table.querySelectorAll("tbody tr").forEach(function (row) {
                var cellShown = false;
                row.querySelectorAll("td").forEach(function (cell) {
                  var column = targetMatches(cell.dataset.target);
                  var shown = column && verdictMatches(cell.dataset.verdict);
                  cell.classList.toggle("off", !column);
                  cell.classList.toggle("dim", column && !shown);
                  if (shown && cell.dataset.verdict) cellShown = true;
                });
                var rowShown = vpcMatches(row.dataset.vpcs) && (!filtering || cellShown);
                row.hidden = !rowShown;
                rows += 1;
                if (rowShown) { shownRows += 1; tableShown = true; }
              });
              table.hidden = !tableShown;
            });
            document.querySelectorAll("#paths details.cell").forEach(function (path) {
              var shown = vpcMatches(path.dataset.vpcs) && targetMatches(path.dataset.target) &&
                verdictMatches(path.dataset.verdict);
              path.hidden = !shown;
              paths += 1;
              if (shown) shownPaths += 1;
            });
            var findings = 0, shownFindings = 0;
            document.querySelectorAll("#findings li.finding").forEach(function (item) {
              var shown = vpcMatches(item.dataset.vpcs) && targetMatches(item.dataset.target);
              item.hidden = !shown;
              findings += 1;
              if (shown) shownFindings += 1;
            });
            count.textContent = "showing " + shownRows + " of " + rows + " functions, " +
              shownPaths + " of " + paths + " failing paths";
            findingsCount.textContent = "showing " + shownFindings + " of " + findings + " findings";
          }
          function openCell() {
            var id = decodeURIComponent(location.hash.slice(1));
            var cell = id && document.getElementById(id);
            if (cell && cell.tagName === "DETAILS") {
              cell.open = true;
              cell.scrollIntoView();
            }
          }
          [verdict, vpc, target].forEach(function (select) { select.addEventListener("change", apply); });
          window.addEventListener("hashchange", openCell);
          apply();
          openCell();
        })();
        """
}
