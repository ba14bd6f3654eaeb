"""YAML text → plain values that remember where each key and item stood in the file."""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import Diagnostics, Location

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# An alias bomb (anchors nested a few levels deep) expands to billions of nodes while
# the file stays tiny; real content stays far below this many nodes once expanded.
MAX_EXPANDED_NODES = 200_000


class YamlMap(dict):
    """A mapping with the position of the mapping, of each key and of each value."""

    loc: Location
    key_locs: dict
    value_locs: dict
    raw: dict  # key -> source text of a scalar value, to keep '007' or '2019' as written

    def key_loc(self, key: Any) -> Location:
        return self.key_locs.get(key, self.loc)

    def value_loc(self, key: Any) -> Location:
        return self.value_locs.get(key, self.loc)


class YamlList(list):
    """A sequence with the position of the sequence and of each item."""

    loc: Location
    item_locs: list

    def item_loc(self, index: int) -> Location:
        return self.item_locs[index] if index < len(self.item_locs) else self.loc


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    display_path = ""
    line_offset = 0
    duplicate_keys: list

    def location(self, mark: Any) -> Location:
        return Location(self.display_path, mark.line + 1 + self.line_offset, mark.column + 1)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> YamlMap:
    own = {id(key) for key, _ in node.value}  # (a merge key's pairs come first, then these: they override)
    loader.flatten_mapping(node)
    merged: set = set()  # the keys taken from a merge (`<<: *base`), which a key of its own overrides
    result = YamlMap()
    result.loc = loader.location(node.start_mark)
    result.key_locs, result.value_locs, result.raw = {}, {}, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key_loc = loader.location(key_node.start_mark)
        try:
            hash(key)
        except TypeError:
            loader.duplicate_keys.append((key_loc, "a key must be plain text, not a list or mapping"))
            continue
        if key in result:
            if id(key_node) not in own:  # two merged mappings that share a key: the first one's stands
                continue
            if key not in merged:
                loader.duplicate_keys.append(
                    (key_loc, f"duplicate key '{key}' (first at line {result.key_locs[key].line})")
                )
                continue
        if id(key_node) not in own:
            merged.add(key)
        else:
            merged.discard(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_locs[key] = key_loc
        result.value_locs[key] = loader.location(value_node.start_mark)
        if isinstance(value_node, yaml.ScalarNode):
            result.raw[key] = value_node.value
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> YamlList:
    result = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    result.loc = loader.location(node.start_mark)
    result.item_locs = [loader.location(child.start_mark) for child in node.value]
    return result


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> object:
    """A number only as written in decimal ('42', '-7'); YAML 1.1's other ints stay their text:
    an id '010' is not 8, '0x1F' not 31, '1:30' not 90."""
    if _DECIMAL.fullmatch(node.value):
        return int(node.value)
    return node.value


_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> object:
    """A date YAML cannot make (2022-13-45) stays text, so validation can say where it is wrong."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return node.value


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _is_bomb(node: yaml.Node, limit: int) -> bool:
    """Whether the document expands past `limit` nodes because of its aliases (one node reached
    from several places, each time counted again): a file that is only long has each node once,
    a bomb expands to many times the nodes it has."""
    sizes: dict[int, int] = {}

    def size(n: yaml.Node) -> int:
        if id(n) in sizes:
            return sizes[id(n)]
        sizes[id(n)] = 1  # a recursive alias counts once; construction handles the cycle
        total = 1
        if isinstance(n, yaml.MappingNode):
            children = [c for pair in n.value for c in pair]
        elif isinstance(n, yaml.SequenceNode):
            children = n.value
        else:
            children = []
        for child in children:
            total += size(child)
            if total > limit:
                break
        sizes[id(n)] = total
        return total

    expanded = size(node)
    return expanded > limit and expanded > 2 * len(sizes)  # (a long file with an alias or two is no bomb)


def _friendly(problem: str, text: str, mark: yaml.Mark | None) -> str:
    if mark is not None:
        line = text.split("\n")[mark.line] if mark.line < text.count("\n") + 1 else ""
        if "\t" in line[: mark.column + 1]:
            return "a tab character is used for indentation; YAML needs spaces"
    return problem


def load_yaml(text: str, display_path: str, diags: Diagnostics, line_offset: int = 0) -> Any:
    """Parse one YAML document; on a syntax error record it and return None."""
    loader = _Loader(text)
    loader.display_path = display_path
    loader.line_offset = line_offset
    loader.duplicate_keys = []
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _is_bomb(node, MAX_EXPANDED_NODES):
            diags.error(
                "yaml-too-large",
                loader.location(node.start_mark),
                "this YAML expands to too many values (nested anchors and aliases?); refused",
            )
            return None
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = loader.location(mark) if mark else Location(display_path)
        problem = _friendly(exc.problem or exc.context or "invalid YAML", text, mark)
        if exc.context and exc.context_mark is not None and problem == exc.problem:
            problem += f" ({exc.context} that starts at line {loader.location(exc.context_mark).line})"
        diags.error("yaml-syntax", where, f"invalid YAML: {problem}")
        return None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
        diags.error("yaml-syntax", Location(display_path, 1 + line_offset, 1), f"invalid YAML: {exc}")
        return None
    finally:
        loader.dispose()
    for where, message in loader.duplicate_keys:
        diags.error("yaml-duplicate-key", where, message)
    return value
