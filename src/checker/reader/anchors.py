"""XPaths of elements (``anchor``), the same strings lxml's ``getpath`` writes, in linear time.

``getpath`` finds an element's position by scanning the siblings before it, for
the element and each of its ancestors: one call per paragraph of a body of n
paragraphs is O(n), so anchoring every paragraph, comment or text box that way is
O(n²) (100,000 paragraphs in the default namespace took 74 s). Here the steps of
all children of a container are computed in one pass over it, once, and reused.

libxml2's rules (``xmlGetNodePath``), which these steps reproduce:

* an element with a prefix is written ``prefix:local``, and counted among the
  siblings with the same prefix and local name;
* an element in the default namespace (no prefix) is written ``*`` (XPath 1.0 has
  no name for it), and counted among *all* element siblings;
* an element in no namespace is written by its name, counted among the siblings
  with that name and no namespace;
* the position ``[k]`` is written only when another sibling counts with it.
"""

from __future__ import annotations

__all__ = ["Steps", "steps", "only_step", "tag_counts", "declared_on_root", "local_name", "Paths"]

_GENERIC = "*"


_LOCAL: dict[str, str] = {}  # Clark tag -> local name


def local_name(tag: str) -> str:
    """The local name of a Clark tag (``{uri}p`` -> ``p``), cached."""
    local = _LOCAL.get(tag)
    if local is None:
        local = _LOCAL[tag] = tag[tag.index("}") + 1 :] if tag[:1] == "{" else tag
    return local


class Steps:
    """The XPath steps of the children of one container, by index in its child list.

    Counted in one pass when made; a step's string is only built when asked for.
    """

    __slots__ = ("prefixes", "tags", "positions", "totals")

    def __init__(self, prefixes: list, tags: list, positions: list, totals: dict):
        self.prefixes = prefixes
        self.tags = tags
        self.positions = positions
        self.totals = totals

    def step(self, i: int) -> str | None:
        """The step of child ``i`` (None for a child that is not an element)."""
        tag = self.tags[i]
        if tag.__class__ is not str:
            return None
        prefix = self.prefixes[i]
        if prefix is None and tag[:1] == "{":
            name, key = _GENERIC, _GENERIC
        else:
            local = local_name(tag)
            name, key = (f"{prefix}:{local}" if prefix else local), (prefix, local)
        if self.totals[key] > 1:
            return f"{name}[{self.positions[i]}]"
        return name


def steps(children: list, tags: list) -> Steps:
    """The steps of ``children`` (one container's, with their ``tags``), counted in one pass."""
    prefixes = [child.prefix if tag.__class__ is str else None for child, tag in zip(children, tags)]
    positions: list = []
    totals: dict = {}
    elements = 0
    for prefix, tag in zip(prefixes, tags):
        if tag.__class__ is not str:  # an entity or a processing instruction left in the tree
            positions.append(0)
            continue
        elements += 1
        if prefix is None and tag[:1] == "{":  # default namespace: counted among all elements
            positions.append(elements)
            continue
        key = (prefix, local_name(tag))
        count = totals[key] = totals.get(key, 0) + 1
        positions.append(count)
    totals[_GENERIC] = elements
    return Steps(prefixes, tags, positions, totals)


def declared_on_root(data: bytes, root) -> bool:
    """True when every namespace of the part is declared on its root element, each under
    one prefix (or only as the default), so that an element's prefix follows from its
    namespace: siblings with the same Clark tag then count exactly as ``getpath`` counts
    them (same prefix and local name), and the walker may count tags instead of reading
    every sibling's prefix. Word writes every part this way.

    Decided on the UTF-8 bytes: no ``xmlns`` after the first ``>`` that follows the root's
    ``<`` (a ``>`` inside an attribute value of the root only makes the answer False).
    """
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return False  # UTF-16: "xmlns" is not in these bytes as such
    start = 0
    while True:  # skip the XML declaration, comments and processing instructions before the root
        start = data.find(b"<", start)
        if start < 0 or data[start + 1 : start + 2] not in (b"?", b"!"):
            break
        start += 1
    end = data.find(b">", start)
    if start < 0 or end < 0 or data.find(b"xmlns", end) >= 0:
        return False
    uris = list(root.nsmap.values())
    return len(set(uris)) == len(uris)


def tag_counts(tags: list) -> tuple[dict, list]:
    """(how many children have each tag, the 1-based position of each child among those
    with its tag), in one pass: the steps of a part whose namespaces are on its root."""
    totals: dict = {}
    positions = []
    for tag in tags:
        count = totals[tag] = totals.get(tag, 0) + 1
        positions.append(count)
    return totals, positions


def only_step(child, tag) -> str | None:
    """The step of the only child of a container (a cell's one paragraph): no position."""
    if tag.__class__ is not str:
        return None
    if tag[0] != "{":
        return tag
    prefix = child.prefix
    return f"{prefix}:{local_name(tag)}" if prefix else _GENERIC


class Paths:
    """``getpath`` for any element of one tree, memoised: each container's children are
    stepped once, each element's path built once from its parent's.

    Shared by the walkers of one part (a comments part reads each comment with its own
    walker), so that anchoring every comment or text box stays linear.
    """

    __slots__ = ("_paths", "_index", "_steps")

    def __init__(self) -> None:
        self._paths: dict = {}  # element -> its path
        self._index: dict = {}  # element -> (its parent's Steps, its index there)
        self._steps: dict = {}  # container -> Steps of its children

    def remember(self, el, path: str) -> None:
        """Record a path already known (built while walking)."""
        self._paths[el] = path

    def path(self, el) -> str:
        """lxml's ``getpath`` of ``el``."""
        found = self._paths.get(el)
        if found is not None:
            return found
        chain = []
        cur = el
        while cur is not None and cur not in self._paths:
            chain.append(cur)
            cur = cur.getparent()
        path = "" if cur is None else self._paths[cur]
        for node in reversed(chain):
            path = f"{path}/{self._step(node)}"
            self._paths[node] = path
        return path

    def _step(self, el) -> str:
        place = self._index.get(el)
        if place is None:
            parent = el.getparent()
            children = [el] if parent is None else parent.getchildren()
            table = steps(children, [c.tag for c in children])
            for i, child in enumerate(children):
                self._index[child] = (table, i)
            place = self._index[el]
        table, i = place
        return table.step(i) or ""
