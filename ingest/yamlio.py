"""YAML with line numbers, so every problem can be reported as `file:line: message`."""

from __future__ import annotations

from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from assistant.errors import SourceError

M = TypeVar("M", bound=BaseModel)


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves an impossible date ("2026-13-45") as a string, so validation can
    report it with its line instead of YAML failing without one."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[arg-type]
        except ValueError:
            return self.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def parse_yaml(text: str, path: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML and keep the node tree for line look-ups. Raises SourceError with the line."""
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(path, f"invalid YAML: {exc.problem or exc}", line) from exc
    except yaml.reader.ReaderError as exc:  # a control character: it has a position, no mark
        line = text[: exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or " ")
        raise SourceError(
            path, f"invalid YAML: control character U+{char:04X} is not allowed (remove it)", line
        ) from exc
    except yaml.YAMLError as exc:
        raise SourceError(path, f"invalid YAML: {exc}") from exc
    except RecursionError as exc:  # "[[[[..." thousands deep: PyYAML composes recursively
        raise SourceError(path, "invalid YAML: nested too deeply (flatten the lists)") from exc
    return data, node


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the value at `loc` (a pydantic error location) in the node tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == key), None)
            key_node = next((k for k, v in node.value if k.value == key), None)
            if match is None:
                return line
            node, line = match, (key_node or match).start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def validation_problems(
    exc: ValidationError, node: yaml.Node | None, path: str
) -> list[SourceError]:
    """One SourceError per pydantic error, pointing at the offending line."""
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc) or "(top level)"
        if err["type"] == "extra_forbidden":
            message = f"unknown field '{field}'"
        elif err["type"] == "missing":
            message = f"missing field '{field}'"
        else:
            message = f"{field}: {err['msg']}"
        problems.append(SourceError(path, message, line_of(node, loc)))
    return problems


def load_model(model: type[M], text: str, path: str) -> tuple[M, yaml.Node | None]:
    """Parse and validate; raises the first problem (all problems via `validation_problems`)."""
    data, node = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise SourceError(path, "expected a YAML mapping (key: value) at the top level", 1)
    try:
        return model.model_validate(data), node
    except ValidationError as exc:
        problems = validation_problems(exc, node, path)
        raise problems[0] from exc
