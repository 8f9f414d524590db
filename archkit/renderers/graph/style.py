"""The look of every diagram: one place for fonts, spacing and colours."""
FONT = "Sans-Serif"
TEXT = "#2D3436"
MUTED = "#7B8894"
ACCENT = "#E07B00"  # the component a neighbourhood diagram is about
FAILURE = "#C0392B"

GRAPH = {
    "pad": "0.4", "splines": "spline", "nodesep": "0.55", "ranksep": "1.1", "newrank": "true",
    "fontname": FONT, "fontsize": "22", "fontcolor": TEXT, "labelloc": "t", "labeljust": "l",
    "compound": "true", "outputorder": "edgesfirst",
}
NODE = {"fontsize": "11", "fontname": FONT, "fontcolor": TEXT}
EDGE = {"fontsize": "10", "fontname": FONT, "fontcolor": "#4B5563", "color": MUTED, "arrowsize": "0.8"}
CLUSTER = {"fontsize": "13", "fontname": FONT, "margin": "16"}
HIGHLIGHT = {"shape": "box", "style": "rounded,bold", "color": ACCENT, "penwidth": "2.5"}
LABEL_FITS = 14  # characters of an 11 pt label line that surely fit the width of an icon node
