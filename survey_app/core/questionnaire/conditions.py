"""The routing language: `q == code`, `q in [a, b]`, `q > 3`, `answered(q)`, not/and/or.

Parsed into a small tree and evaluated against the answers; nothing is ever executed.
Evaluation is three-valued: a condition on a question not reached yet is *unknown*, which
lets the progress estimate follow the routing before the resident gets there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from survey_app.core.i18n import _


class ConditionError(ValueError):
    """A condition that does not parse; `column` counts from 1."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True)
class Compare:
    question: str
    op: str  # ==, !=, in, <, <=, >, >=
    values: tuple[str | int, ...]


@dataclass(frozen=True)
class Answered:
    question: str


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class BoolOp:
    op: str  # and, or
    operands: tuple[Node, ...]


Node = Compare | Answered | Not | BoolOp

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,))"
)
_KEYWORDS = {"and", "or", "not", "in", "answered"}


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match:
            column = pos + 1 + (len(text[pos:]) - len(text[pos:].lstrip()))
            raise ConditionError(
                _("unexpected character {char!r}").format(char=text[column - 1]), column
            )
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind), match.start(kind) + 1))
        pos = match.end()
    out.append(("end", "", len(text) + 1))
    return out


MAX_DEPTH = 20  # brackets and nots inside each other: far beyond any real condition


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.i = 0
        self.depth = 0

    def deeper(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError(
                _("the condition is nested more than {n} deep: simplify it").format(n=MAX_DEPTH),
                column,
            )

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expect(self, value: str) -> None:
        _kind, text, column = self.take()
        if text != value:
            found = text or _("the end")
            raise ConditionError(
                _("expected {expected!r} but found {found!r}").format(expected=value, found=found),
                column,
            )

    def parse(self) -> Node:
        node = self.or_()
        kind, text, column = self.peek()
        if kind != "end":
            raise ConditionError(
                _("unexpected {found!r}: join conditions with 'and' or 'or'").format(found=text),
                column,
            )
        return node

    def or_(self) -> Node:
        operands = [self.and_()]
        while self.peek()[1] == "or":
            self.take()
            operands.append(self.and_())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def and_(self) -> Node:
        operands = [self.not_()]
        while self.peek()[1] == "and":
            self.take()
            operands.append(self.not_())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def not_(self) -> Node:
        if self.peek()[1] == "not":
            self.deeper(self.take()[2])
            node = Not(self.not_())
            self.depth -= 1
            return node
        return self.atom()

    def name(self) -> str:
        kind, text, column = self.take()
        if kind != "name" or text in _KEYWORDS:
            raise ConditionError(
                _("expected a question id but found {found!r}").format(found=text or _("the end")),
                column,
            )
        return text

    def value(self) -> str | int:
        kind, text, column = self.take()
        if kind == "num":
            return int(text)
        if kind == "name" and text not in _KEYWORDS:
            return text
        raise ConditionError(
            _("expected an answer code or a number but found {found!r}").format(
                found=text or _("the end")
            ),
            column,
        )

    def atom(self) -> Node:
        text = self.peek()[1]
        if text == "(":
            self.deeper(self.take()[2])
            node = self.or_()
            self.expect(")")
            self.depth -= 1
            return node
        if text == "answered":
            self.take()
            self.expect("(")
            question = self.name()
            self.expect(")")
            return Answered(question)
        question = self.name()
        _kind, op, column = self.take()
        if op in ("==", "!=", "<", "<=", ">", ">="):
            value = self.value()
            if op not in ("==", "!=") and not isinstance(value, int):
                raise ConditionError(
                    _("{op} compares numbers: write a whole number after it").format(op=op),
                    column,
                )
            return Compare(question, op, (value,))
        if op == "in":
            self.expect("[")
            values = [self.value()]
            while self.peek()[1] == ",":
                self.take()
                values.append(self.value())
            self.expect("]")
            return Compare(question, "in", tuple(values))
        raise ConditionError(
            _("expected ==, !=, in, <, <=, >, >= after {question!r}").format(question=question),
            column,
        )


def parse(text: str) -> Node:
    """Parse a routing condition, or raise `ConditionError` with the column."""
    return _Parser(text).parse()


def references(node: Node) -> Iterator[Compare | Answered]:
    """Every comparison and `answered()` in the tree, for validation."""
    if isinstance(node, Compare | Answered):
        yield node
    elif isinstance(node, Not):
        yield from references(node.operand)
    else:
        for operand in node.operands:
            yield from references(operand)


#: What a lookup returns for a question: the value given, `None` if it was reached but has
#: no value (skipped, don't know, refused, not applicable), or `UNKNOWN` if it is not decided yet.
UNKNOWN = object()
Lookup = Callable[[str], object]


def evaluate(node: Node, lookup: Lookup) -> bool | None:
    """Three-valued (Kleene) evaluation: True, False, or None for not known yet."""
    if isinstance(node, Answered):
        value = lookup(node.question)
        return None if value is UNKNOWN else value is not None
    if isinstance(node, Compare):
        value = lookup(node.question)
        if value is UNKNOWN:
            return None
        if value is None:
            return False
        return _compare(node, value)
    if isinstance(node, Not):
        inner = evaluate(node.operand, lookup)
        return None if inner is None else not inner
    results = [evaluate(operand, lookup) for operand in node.operands]
    if node.op == "and":
        if False in results:
            return False
        return None if None in results else True
    if True in results:
        return True
    return None if None in results else False


def _compare(node: Compare, value: object) -> bool:
    chosen = set(value) if isinstance(value, list | tuple | set | frozenset) else {value}
    if node.op == "==":
        return node.values[0] in chosen
    if node.op == "!=":
        return node.values[0] not in chosen
    if node.op == "in":
        return bool(chosen & set(node.values))
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    bound = node.values[0]
    assert isinstance(bound, int)
    return {
        "<": value < bound,
        "<=": value <= bound,
        ">": value > bound,
        ">=": value >= bound,
    }[node.op]
