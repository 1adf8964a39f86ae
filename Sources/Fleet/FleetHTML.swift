import Compare
import Foundation

/// `fleet --format html`: one self-contained page (inline CSS and SVG, no script, nothing
/// fetched): a map of the gateways and their tunnels coloured by state, each tunnel a link to
/// its section of findings, each gateway a link to its diagnosis.
public enum FleetHTML {
    static func esc(_ s: String) -> String {
        var o = ""
        for c in s {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&#39;"
            default: o.append(c)
            }
        }
        return o
    }

    static let css = """
    body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
    h1{font-size:1.4em} h2{font-size:1.15em;margin-top:1.6em} h3{font-size:1em;margin:1em 0 .3em}
    .problem{color:#b00020} .warning{color:#a15c00} .up{color:#1b7f3b} .down{color:#555}
    line.problem{stroke:#d0021b} line.warning{stroke:#f5a623} line.up{stroke:#2e9e4f} line.down{stroke:#999;stroke-dasharray:6 4}
    line{stroke-width:3} a:hover line{stroke-width:6}
    circle.healthy{fill:#2e9e4f} circle.problem{fill:#d0021b} circle.inconclusive{fill:#9b9b9b}
    text.gw{font-size:11px;fill:#222}
    section{border-left:4px solid #ddd;padding:.2em .8em;margin:.6em 0} section:target{background:#fffbe6}
    code{background:#f3f3f3;padding:0 .2em} ul{margin:.2em 0 .2em 1.2em;padding:0}
    table{border-collapse:collapse} td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:left}
    """

    public static func render(_ r: FleetReport) -> String {
        var h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ipsec-doctor fleet: \(r.gateways.count) gateways</title>\n"
        h += "<style>\(css)</style></head><body>\n"
        h += "<h1>ipsec-doctor fleet <span class=\"\(r.verdict.rawValue == "healthy" ? "up" : r.verdict.rawValue == "problem" ? "problem" : "down")\">\(esc(r.verdict.rawValue))</span></h1>\n"
        let counts = Dictionary(grouping: r.links, by: \.state).mapValues(\.count)
        h += "<p id=\"summary\">\(r.gateways.count) gateways, \(r.links.count) peer pairs: "
        h += ["problem", "warning", "down", "up"].map { "<span class=\"\($0)\">\(counts[FleetReport.LinkState(rawValue: $0)!] ?? 0) \($0)</span>" }.joined(separator: ", ")
        h += ". Click a tunnel or a gateway for its findings.</p>\n"
        h += map(r)
        h += "<h2>Tunnels</h2>\n"
        for l in r.links.sorted(by: { rank($0.state) < rank($1.state) }) { h += linkSection(l, r) }
        h += "<h2>Gateways</h2>\n"
        for (i, g) in r.gateways.enumerated() { h += gatewaySection(i, g) }
        if !r.dangling.isEmpty {
            h += "<h2>Tunnels whose peer has no snapshot</h2>\n<ul>"
            for d in r.dangling { h += "<li>\(esc(r.gateways[d.gateway].gateway.name)): \(esc(d.tunnel)) → \(esc(d.peer))</li>" }
            h += "</ul>\n"
        }
        h += "</body></html>\n"
        return h
    }

    static func rank(_ s: FleetReport.LinkState) -> Int { ["problem": 0, "warning": 1, "down": 2, "up": 3][s.rawValue] ?? 4 }

    /// Gateways on a circle (several rings past 60), tunnels as chords between them.
    static func map(_ r: FleetReport) -> String {
        let n = max(r.gateways.count, 1)
        let perRing = 60
        let rings = (n + perRing - 1) / perRing
        let size = Double(max(480, min(4000, 260 + rings * 240)))
        let c = size / 2
        var pos: [(Double, Double)] = []
        for i in 0..<r.gateways.count {
            let ring = i / perRing
            let inRing = min(perRing, r.gateways.count - ring * perRing)
            let radius = c - 60 - Double(ring) * 110
            let angle = 2 * Double.pi * Double(i % perRing) / Double(inRing) - Double.pi / 2
            pos.append((c + radius * cos(angle), c + radius * sin(angle)))
        }
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        var s = "<svg id=\"map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(size))\" viewBox=\"0 0 \(Int(size)) \(Int(size))\" role=\"img\" aria-label=\"map of gateways and tunnels\">\n"
        for l in r.links {
            let (a, b) = (pos[l.a], pos[l.b])
            let names = "\(r.gateways[l.a].gateway.name) ↔ \(r.gateways[l.b].gateway.name)"
            // One line per tunnel, side by side, each in its own state; a pair with one tunnel
            // (or none paired) is one line in the pair's state.
            let drawn: [(String, FleetReport.LinkState, String)] = l.tunnels.count > 1
                ? l.tunnels.map { ($0.id, $0.state, "\(names) (\($0.a == $0.b ? $0.a : "\($0.a) ↔ \($0.b)")): \($0.state.rawValue)") }
                : [(l.id, l.state, "\(names): \(l.state.rawValue)")]
            let (dx, dy) = (b.0 - a.0, b.1 - a.1)
            let len = max((dx * dx + dy * dy).squareRoot(), 1)
            for (k, d) in drawn.enumerated() {
                let off = (Double(k) - Double(drawn.count - 1) / 2) * 5
                let (ox, oy) = (-dy / len * off, dx / len * off)
                s += "<a href=\"#\(d.0)\" class=\"tunnel\" data-state=\"\(d.1.rawValue)\"><title>\(esc(d.2))</title><line class=\"\(d.1.rawValue)\" x1=\"\(f(a.0 + ox))\" y1=\"\(f(a.1 + oy))\" x2=\"\(f(b.0 + ox))\" y2=\"\(f(b.1 + oy))\"/></a>\n"
            }
        }
        for (i, g) in r.gateways.enumerated() {
            let v = g.diagnosis?.verdict.rawValue ?? "inconclusive"
            let p = pos[i]
            s += "<a href=\"#g-\(i)\" class=\"gateway\"><title>\(esc(g.gateway.name)): \(esc(v))</title><circle class=\"\(v)\" cx=\"\(f(p.0))\" cy=\"\(f(p.1))\" r=\"7\"/>"
            if r.gateways.count <= 120 { s += "<text class=\"gw\" x=\"\(f(p.0 + 9))\" y=\"\(f(p.1 - 9))\">\(esc(g.gateway.name))</text>" }
            s += "</a>\n"
        }
        s += "</svg>\n"
        return s
    }

    static func linkSection(_ l: FleetReport.Link, _ r: FleetReport) -> String {
        let c = l.comparison
        var h = "<section id=\"\(l.id)\" class=\"tunnel-findings\" data-state=\"\(l.state.rawValue)\"><h3><a href=\"#g-\(l.a)\">\(esc(c.a.name))</a> ↔ <a href=\"#g-\(l.b)\">\(esc(c.b.name))</a> <span class=\"\(l.state.rawValue)\">\(l.state.rawValue)</span></h3>\n"
        h += "<p>tunnels: \(esc(c.tunnels.map { $0.a == $0.b ? $0.a : "\($0.a) ↔ \($0.b)" }.joined(separator: ", ")))</p>\n"
        let shown = c.differences.filter { $0.severity != .info }
        if shown.isEmpty { h += "<p>No difference between the two ends.</p>\n" }
        for (i, d) in shown.enumerated() {
            h += "<div class=\"difference\"><b class=\"\(d.severity.rawValue)\">\(i == 0 ? "Most likely: " : "")\(esc(d.item.rawValue))</b> — \(esc(d.summary))<ul>"
            for e in d.evidenceA { h += "<li><code>\(esc(c.a.name)) \(esc(e.description))</code></li>" }
            for e in d.evidenceB { h += "<li><code>\(esc(c.b.name)) \(esc(e.description))</code></li>" }
            h += "<li>fix: \(esc(d.fix))</li>"
            if let id = d.item.diagnosis { h += "<li>diagnosis: <code>\(esc(id))</code></li>" }
            h += "</ul></div>\n"
        }
        if l.tunnels.count > 1 {
            for t in l.tunnels {
                let res = c.tunnels.first { $0.a == t.a && $0.b == t.b }
                h += "<section id=\"\(t.id)\" class=\"tunnel-result\" data-state=\"\(t.state.rawValue)\"><h4>\(esc(t.a == t.b ? t.a : "\(t.a) ↔ \(t.b)")) <span class=\"\(t.state.rawValue)\">\(t.state.rawValue)</span></h4>"
                let own = (res?.differences ?? []).filter { $0.severity != .info }
                h += own.isEmpty ? "<p>No difference in this tunnel.</p>" : "<ul>" + own.map { "<li><b class=\"\($0.severity.rawValue)\">\(esc($0.item.rawValue))</b> — \(esc($0.summary))</li>" }.joined() + "</ul>"
                h += "</section>\n"
            }
        }
        h += "</section>\n"
        return h
    }

    static func gatewaySection(_ i: Int, _ g: FleetReport.GatewayResult) -> String {
        let v = g.diagnosis?.verdict.rawValue ?? "not diagnosed"
        var h = "<section id=\"g-\(i)\" class=\"gateway-findings\"><h3>\(esc(g.gateway.name)) <span class=\"\(v == "healthy" ? "up" : v == "problem" ? "problem" : "down")\">\(esc(v))</span></h3>\n"
        h += "<p>snapshot <code>\(esc(g.folder))</code>; tunnels: \(esc(g.gateway.tunnels.map(\.name).joined(separator: ", ")))</p>\n"
        let fs = (g.diagnosis?.findings ?? []).prefix(5)
        if fs.isEmpty { h += "<p>No finding.</p>\n" } else {
            h += "<ul>"
            for f in fs { h += "<li><b class=\"\(f.severity.rawValue)\">\(esc(f.id))</b> \(esc(f.title)) (\(String(format: "%.2f", f.confidence)))</li>" }
            h += "</ul>\n"
        }
        h += "</section>\n"
        return h
    }
}
