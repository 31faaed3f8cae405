package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
)

// reportSVGNamespace is the namespace of SVG elements.
const reportSVGNamespace = "http://www.w3.org/2000/svg"

// reportXLinkNamespace is the namespace of xlink:href.
const reportXLinkNamespace = "http://www.w3.org/1999/xlink"

// reportMaxSVGDepth bounds the nesting of an SVG file, so that a hostile
// file cannot make the sanitiser's stack grow without limit.
const reportMaxSVGDepth = 64

// reportSVGElements are the SVG elements a report keeps; any other element
// (script, foreignObject, image, a, style, animate, …) is dropped with
// everything inside it.
var reportSVGElements = map[string]bool{
	"svg": true, "g": true, "path": true, "text": true, "tspan": true,
	"rect": true, "circle": true, "ellipse": true, "line": true,
	"polyline": true, "polygon": true, "defs": true, "clipPath": true,
	"mask": true, "pattern": true, "linearGradient": true,
	"radialGradient": true, "stop": true, "symbol": true, "use": true,
	"marker": true, "title": true, "desc": true,
}

// reportSVGAttrs are the presentation and geometry attributes a report
// keeps; any other attribute (event handlers, xlink:href to anything but
// a fragment, xml:base, …) is dropped.
var reportSVGAttrs = map[string]bool{
	"x": true, "y": true, "x1": true, "y1": true, "x2": true, "y2": true,
	"cx": true, "cy": true, "r": true, "rx": true, "ry": true, "fx": true, "fy": true,
	"dx": true, "dy": true, "d": true, "points": true, "width": true, "height": true,
	"viewBox": true, "preserveAspectRatio": true, "transform": true, "style": true,
	"fill": true, "fill-opacity": true, "fill-rule": true, "stroke": true,
	"stroke-width": true, "stroke-dasharray": true, "stroke-dashoffset": true,
	"stroke-linecap": true, "stroke-linejoin": true, "stroke-miterlimit": true,
	"stroke-opacity": true, "opacity": true, "font-family": true, "font-size": true,
	"font-weight": true, "font-style": true, "font-variant": true, "text-anchor": true,
	"dominant-baseline": true, "alignment-baseline": true, "letter-spacing": true,
	"clip-path": true, "clip-rule": true, "clipPathUnits": true, "mask": true,
	"id": true, "class": true, "offset": true, "stop-color": true, "stop-opacity": true,
	"gradientUnits": true, "gradientTransform": true, "spreadMethod": true,
	"patternUnits": true, "patternContentUnits": true, "patternTransform": true,
	"markerWidth": true, "markerHeight": true, "markerUnits": true, "refX": true,
	"refY": true, "orient": true, "marker-start": true, "marker-mid": true,
	"marker-end": true, "visibility": true, "display": true, "textLength": true,
	"lengthAdjust": true, "href": true,
}

// errReportSVG marks an SVG file a report cannot inline.
var errReportSVG = errors.New("not an SVG image")

// sanitizeSVG reads an SVG document and returns its <svg> element as
// HTML-embeddable markup: the XML prologue, comments, doctype and
// processing instructions are gone; only drawing elements and attributes
// are kept (no script, no event handler, no reference to another
// document); ids are prefixed with prefix, and references to them
// rewritten, so that several charts inlined in one page do not clash; the
// root's width and height are removed, and a viewBox computed from them
// if it had none, so that CSS sizes the chart; label becomes the root's
// accessible name.
func sanitizeSVG(r io.Reader, prefix, label string) (string, error) {
	d := xml.NewDecoder(r)
	d.Strict = true
	d.Entity = nil // only the five predefined entities
	var b strings.Builder
	depth, skip := 0, 0 // skip > 0: inside a dropped element
	rootDone, rootSeen := false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%w: %w", errReportSVG, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if rootDone {
				return "", fmt.Errorf("%w: content after the root element", errReportSVG)
			}
			depth++
			if depth > reportMaxSVGDepth {
				return "", fmt.Errorf("%w: nested deeper than %d elements", errReportSVG, reportMaxSVGDepth)
			}
			if depth == 1 {
				if t.Name.Local != "svg" || (t.Name.Space != "" && t.Name.Space != reportSVGNamespace) {
					return "", fmt.Errorf("%w: root element is <%s>", errReportSVG, t.Name.Local)
				}
				rootSeen = true
				writeSVGRoot(&b, t.Attr, prefix, label)
				continue
			}
			if skip > 0 || !reportSVGElements[t.Name.Local] || (t.Name.Space != "" && t.Name.Space != reportSVGNamespace) {
				skip++
				continue
			}
			b.WriteByte('<')
			b.WriteString(t.Name.Local)
			for _, a := range t.Attr {
				if name, val, ok := svgAttr(a, prefix); ok {
					writeAttr(&b, name, val)
				}
			}
			b.WriteByte('>')
		case xml.EndElement:
			depth--
			if depth == 0 {
				b.WriteString("</svg>")
				rootDone = true
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			b.WriteString("</")
			b.WriteString(t.Name.Local)
			b.WriteByte('>')
		case xml.CharData:
			if depth > 0 && skip == 0 {
				b.WriteString(html.EscapeString(string(t)))
			}
		}
		// Comments, processing instructions and directives are dropped.
	}
	if !rootSeen {
		return "", fmt.Errorf("%w: no <svg> element", errReportSVG)
	}
	return b.String(), nil
}

// writeSVGRoot writes the start tag of the root <svg>.
func writeSVGRoot(b *strings.Builder, attrs []xml.Attr, prefix, label string) {
	var width, height, viewBox string
	b.WriteString("<svg")
	for _, a := range attrs {
		name, val, ok := svgAttr(a, prefix)
		if !ok {
			continue
		}
		switch name {
		case "width":
			width = val
			continue
		case "height":
			height = val
			continue
		case "viewBox":
			viewBox = val
		}
		writeAttr(b, name, val)
	}
	if viewBox == "" {
		w, okw := svgLength(width)
		h, okh := svgLength(height)
		if okw && okh {
			writeAttr(b, "viewBox", "0 0 "+strconv.FormatFloat(w, 'g', -1, 64)+" "+strconv.FormatFloat(h, 'g', -1, 64))
		}
	}
	writeAttr(b, "role", "img")
	if label != "" {
		writeAttr(b, "aria-label", label)
	}
	b.WriteByte('>')
}

// svgLength parses a length such as "468pt" or "300" as a number of user
// units (the unit is ignored: only the aspect ratio matters for a
// viewBox).
func svgLength(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, "abcdefghijklmnopqrstuvwxyz%")
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && v > 0 && v < 1e9
}

// svgAttr returns the name and value under which attribute a is kept, with
// ids prefixed, or false if it is dropped.
func svgAttr(a xml.Attr, prefix string) (string, string, bool) {
	name := a.Name.Local
	switch a.Name.Space {
	case "":
	case reportXLinkNamespace:
		if name != "href" {
			return "", "", false
		}
	default:
		return "", "", false // xmlns declarations, xml:base, foreign attributes
	}
	if !reportSVGAttrs[name] {
		return "", "", false
	}
	val := a.Value
	switch name {
	case "id":
		return name, prefix + val, true
	case "href":
		if !strings.HasPrefix(val, "#") {
			return "", "", false
		}
		return name, "#" + prefix + val[1:], true
	}
	val, ok := svgURLs(val, prefix)
	return name, val, ok
}

// svgURLs rewrites the url(#id) references of an attribute value to the
// prefixed ids; it refuses a value with any other url(), an escape, or
// anything that could run code or load a resource.
func svgURLs(val, prefix string) (string, bool) {
	low := strings.ToLower(val)
	for _, bad := range []string{"\\", "javascript:", "expression", "@import", "<", "image-set", "/*"} {
		if strings.Contains(low, bad) {
			return "", false
		}
	}
	if !strings.Contains(low, "url(") {
		return val, true
	}
	var b strings.Builder
	rest := val
	for {
		i := strings.Index(strings.ToLower(rest), "url(")
		if i < 0 {
			b.WriteString(rest)
			return b.String(), true
		}
		b.WriteString(rest[:i+4])
		rest = rest[i+4:]
		j := strings.IndexByte(rest, ')')
		if j < 0 {
			return "", false
		}
		ref := strings.Trim(strings.TrimSpace(rest[:j]), `'"`)
		if !strings.HasPrefix(ref, "#") || strings.ContainsAny(ref, `'" `) {
			return "", false
		}
		b.WriteString("#" + prefix + ref[1:])
		rest = rest[j:]
	}
}

// writeAttr writes ` name="value"`, the value escaped for HTML.
func writeAttr(b *strings.Builder, name, val string) {
	b.WriteByte(' ')
	b.WriteString(name)
	b.WriteString(`="`)
	b.WriteString(html.EscapeString(val))
	b.WriteByte('"')
}

// sanitizeSVGBytes is sanitizeSVG over a byte slice.
func sanitizeSVGBytes(src []byte, prefix, label string) (string, error) {
	return sanitizeSVG(bytes.NewReader(src), prefix, label)
}
