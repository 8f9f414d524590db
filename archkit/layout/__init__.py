"""Layout: where a diagram's elements go, from the model alone (zones and layers, columns along the request path,
bands, rows across grids, the stages of the observability diagram, its blocks and fan-ins, the receivers on the
right). Pure functions over model element ids that return ids, columns and groups; the views turn them into
layout hints (views/contract.LayoutHints). The ground floor of the diagrams: nothing here imports views or
renderers.
"""
