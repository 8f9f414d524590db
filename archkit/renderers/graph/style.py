"""The look of every diagram: one place for fonts, spacing and colours."""
FONT = "Sans-Serif"
TEXT = "#2D3436"
MUTED = "#7B8894"
ACCENT = "#E07B00"  # the component a neighbourhood diagram is about
FAILURE = "#C0392B"
FRAME = "#4B5563"  # a sequence's loop/par/alt/opt frame from the model
RETRY = "#B9770E"  # a sequence's retry loop frame (amber: not a failure yet)

GRAPH = {
    "pad": "0.4", "splines": "spline", "nodesep": "0.55", "ranksep": "1.1", "newrank": "true",
    "fontname": FONT, "fontsize": "22", "fontcolor": TEXT, "labelloc": "t", "labeljust": "l",
    "compound": "true", "outputorder": "edgesfirst",
}
NODE = {"fontsize": "11", "fontname": FONT, "fontcolor": TEXT}
EDGE = {"fontsize": "10", "fontname": FONT, "fontcolor": "#4B5563", "color": MUTED, "arrowsize": "0.8"}
CLUSTER = {"fontsize": "13", "fontname": FONT, "margin": "16"}
# boxes as AWS draws its groups (AWS Architecture Icons, group conventions): outlines, no heavy fills. The flows
# draw the AWS Cloud and account boxes around the global services and the Region; the overview does not: nesting
# them reorders the Region's boxes (the default overview went from 0 to 7 crossing pairs), so there the Region's
# label names the accounts.
LOOKS = {
    "cloud": {"pencolor": "#232F3E", "fontcolor": "#232F3E", "bgcolor": "#FFFFFF", "penwidth": "1.6", "style": "solid"},
    "account": {"pencolor": "#E7157B", "fontcolor": "#E7157B", "bgcolor": "#FFFFFF", "penwidth": "1.4",
                "style": "solid"},
    "region": {"pencolor": "#00A4A6", "fontcolor": "#00A4A6", "bgcolor": "#FFFFFF", "penwidth": "1.4",
               "style": "dashed"},
    "global": {"pencolor": "#7D8998", "fontcolor": "#232F3E", "bgcolor": "#FFFFFF", "penwidth": "1.2",
               "style": "dashed"},
    "outside": {"pencolor": "#7D8998", "fontcolor": TEXT, "bgcolor": "#FFFFFF", "penwidth": "1.0", "style": "rounded"},
    "layer": {"pencolor": "#C3CBD3", "fontcolor": TEXT, "bgcolor": "#F8FAFB", "penwidth": "1.0", "style": "rounded"},
}
HIGHLIGHT = {"style": "rounded,bold", "pencolor": ACCENT, "penwidth": "2.5", "bgcolor": "#FFF6EB"}  # a cluster's box:
# its margin keeps the border clear of the node's label
WIDE_CHAR = 7  # points: the width of an 11 pt digit, wider than most Latin characters (twice that for any other)
LABEL_LINE_H = 0.4  # inches diagrams adds to an icon node's height per extra label line
ICON_NODE_W = 100  # points: the width of a diagrams icon node (1.4 in)


def label_points(label: str) -> int:
    """An upper bound on the width of a node label's longest line, in points."""
    return max(sum(WIDE_CHAR if ord(c) < 128 else 2 * WIDE_CHAR for c in line) for line in label.split("\n"))


ICON_H = 1.4  # inches: a diagrams icon
ICON_GAP = 0.25  # inches: between the icon and its label, and under the label
LINE_H = 0.155  # inches: a line of an 11 pt label (diagrams allows 0.4, which leaves a gap under a long list)


def listing_height(label: str) -> float:
    """The height of an icon node with its icon on top and its label's lines close under it."""
    return ICON_H + ICON_GAP + LINE_H * (label.count("\n") + 1)
