"""The fuzzer of the link decoder and the router (its contracts and inputs: ``bench/fuzz.py``),
shared by the robustness test and the benchmark."""

from __future__ import annotations

import random
import sys
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from assessment.errors import LinkError
from assessment.link import KNOWN_PARAMS, LinkData, checksum, decode, decode_params, encode
from assessment.model import Model
from assessment.query import parse_query
from ui.routes import route

BIG = 100_000  # characters in a "100 kB string"
KINDS = ("bytes", "mutated", "params", "big", "unicode")


@cache
def chars_by_category() -> dict[str, list[str]]:
    """Every Unicode general category (all 30, incl. Cs surrogates, Co, Cn) -> some of its characters."""
    found: dict[str, list[str]] = {}
    for code in range(sys.maxunicode + 1):
        category = unicodedata.category(chr(code))
        bucket = found.setdefault(category, [])
        if len(bucket) < 400:
            bucket.append(chr(code))
    return found


@dataclass
class Report:
    inputs: int = 0
    decode_calls: int = 0
    route_calls: int = 0
    decoded_ok: int = 0
    typed_errors: int = 0
    roundtrips: int = 0
    crashes: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    views: Counter[str] = field(default_factory=Counter)
    categories: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def crash(self, what: str, value: Any, error: BaseException) -> None:
        self.crashes += 1
        if len(self.examples) < 10:
            shown = repr(value)
            shown = shown if len(shown) < 300 else shown[:300] + "…"
            self.examples.append(f"{what}({shown}): {''.join(traceback.format_exception_only(error)).strip()}")


class Fuzzer:
    def __init__(self, model: Model, seed: int = 1) -> None:
        self.model = model
        self.rng = random.Random(seed)
        self.report = Report()
        self.valid = [self._valid_link() for _ in range(200)]
        self._big_pool: list[str] = []

    # -- inputs --------------------------------------------------------------------------
    def _random_data(self) -> LinkData:
        rng = self.rng
        answers = {}
        for question in self.model.questions:
            if rng.random() < 0.9:
                answers[question.id] = rng.choice(self.model.scale_of(question).options).id
        name = rng.choice(["", "Acme", "Café Ünïcode 🚀", "x" * 60, "<img src=x onerror=alert(1)>", "a&b=c?d#e%"])
        target = rng.choice([None, *[lv.id for lv in self.model.levels]])
        taken = rng.choice([None, date(2026, 1, 1), date(1999, 12, 31)])
        return LinkData(answers, name, target, taken)

    def _valid_link(self) -> str:
        return encode(self.model, self._random_data())

    def random_text(self, length: int) -> str:
        rng = self.rng
        alphabet = rng.choice(
            [
                "abcdefghijklmnopqrstuvwxyz0123456789",
                "v=a&c?#%/:+-n01234 ",
                "%0123456789ABCDEFabcdef",
                None,  # any code point
            ]
        )
        if alphabet is None:
            return "".join(chr(rng.randrange(0, sys.maxunicode + 1)) for _ in range(length))
        return "".join(rng.choice(alphabet) for _ in range(length))

    def from_bytes(self) -> str:
        rng = self.rng
        raw = rng.randbytes(rng.choice([0, 1, 5, 20, 60, 200, 2100]))
        how = rng.choice(("latin-1", "utf-8-replace", "surrogateescape", "prefixed"))
        if how == "latin-1":
            return raw.decode("latin-1")
        if how == "utf-8-replace":
            return raw.decode("utf-8", "replace")
        text = raw.decode("utf-8", "surrogateescape")
        return f"?v=1&a={text}&c=AAAAAAAA" if how == "prefixed" else text

    def mutate(self, text: str) -> str:
        rng = self.rng
        for _ in range(rng.randint(1, 4)):
            op = rng.randrange(9)
            pos = rng.randrange(len(text) + 1)
            if op == 0 and text:
                text = text[:pos] + text[pos + 1 :]
            elif op == 1:
                text = text[:pos] + self.random_text(rng.randint(1, 3)) + text[pos:]
            elif op == 2 and text:
                text = text[: max(0, pos - 1)] + self.random_text(1) + text[pos:]
            elif op == 3:
                text = text[:pos]
            elif op == 4:
                text = text + "&" + rng.choice(["v=1", "a=0", "c=x", "n=%FF", "t=asset", "d=20260230", "step=3"])
            elif op == 5:
                parts = text.lstrip("?").split("&")
                rng.shuffle(parts)
                text = "?" + "&".join(parts)
            elif op == 6:
                text = text[:pos] + rng.choice(["%", "%E2%82", "%00", "%ZZ", "+", "#", "?", "&&", "=="]) + text[pos:]
            elif op == 7:
                text = rng.choice(["http://example.com/", "https://h:99/app/", "/x", "http://[::1", "://"]) + text
            else:
                text = text.replace("v=1", rng.choice(["v=0", "v=2", "v=99999999", "v=-1", "v=١", "v="]), 1)
        return text

    def random_params(self) -> dict[str, str]:
        rng = self.rng
        keys = [*KNOWN_PARAMS, "step", "view", "l1", "l2", "l3", "x"]
        params: dict[str, str] = {}
        if rng.random() < 0.5:
            params.update(parse_query(rng.choice(self.valid)))
        for _ in range(rng.randint(0, 5)):
            key = rng.choice(keys)
            roll = rng.random()
            if key == "step":
                value = rng.choice(["0", "1", "10", "11", "-3", "1e9", "x", "", "٣", "99999999999999999999"])
            elif key == "view":
                value = rng.choice(["compare", "results", "", "COMPARE"])
            elif key.startswith("l") and roll < 0.6:
                value = self.mutate(rng.choice(self.valid)) if roll < 0.3 else rng.choice(self.valid)
            else:
                value = self.random_text(rng.choice([0, 1, 8, 30, 61, 300]))
            params[key] = value
        return params

    def big_text(self) -> str:
        """A 100 kB string: one of a pool built once, with a random edit (building each afresh is slow)."""
        rng = self.rng
        if not self._big_pool:
            self._big_pool = [self._new_big_text() for _ in range(48)]
        text = rng.choice(self._big_pool)
        pos = rng.randrange(len(text))
        return text[:pos] + self.random_text(rng.randint(1, 4)) + text[pos + 4 :]

    def _new_big_text(self) -> str:
        rng = self.rng
        how = rng.randrange(4)
        if how == 0:
            return self.random_text(BIG)
        if how == 1:  # a valid link with a 100 kB name
            return rng.choice(self.valid) + "&n=" + "x" * BIG
        if how == 2:
            return "?" + "&".join(f"k{i}=v" for i in range(BIG // 6))
        return "%" * BIG

    def unicode_name(self) -> tuple[str, str]:
        rng = self.rng
        categories = chars_by_category()
        category = rng.choice(sorted(categories))
        name = "".join(rng.choice(categories[category]) for _ in range(rng.choice([1, 3, 20, 60, 61])))
        return category, name

    # -- checks --------------------------------------------------------------------------
    def check_decode(self, text: str) -> None:
        self.report.decode_calls += 1
        try:
            decode(self.model, text)
            self.report.decoded_ok += 1
        except LinkError:
            self.report.typed_errors += 1
        except Exception as error:  # a crash: anything but the typed error
            self.report.crash("decode", text, error)

    def check_route(self, params: Mapping[str, str]) -> None:
        self.report.route_calls += 1
        try:
            here = route(self.model, params)
            self.report.views[here.view] += 1
        except Exception as error:
            self.report.crash("route", dict(params), error)

    def check_params(self, params: Mapping[str, str]) -> None:
        """decode_params (typed error only) and route (never raises) on the same parameters."""
        self.report.decode_calls += 1
        try:
            decode_params(self.model, params)
            self.report.decoded_ok += 1
        except LinkError:
            self.report.typed_errors += 1
        except Exception as error:
            self.report.crash("decode_params", dict(params), error)
        self.check_route(params)

    def one(self, kind: str) -> None:
        self.report.inputs += 1
        self.report.by_kind[kind] += 1
        if kind == "bytes":
            text = self.from_bytes()
            self.check_decode(text)
            self.check_route({"v": "1", "a": text, "c": "x"} if self.rng.random() < 0.5 else {"n": text})
        elif kind == "mutated":
            text = self.mutate(self.rng.choice(self.valid))
            self.check_decode(text)
            try:
                params = parse_query(text)
            except LinkError:
                return
            except Exception as error:
                self.report.crash("parse_query", text, error)
                return
            self.check_route(params)
            self.check_route({**params, "step": str(self.rng.randint(-1, 12))})
        elif kind == "params":
            self.check_params(self.random_params())
        elif kind == "big":
            text = self.big_text()
            self.check_decode(text)
            self.check_route({"v": "1", "a": "-" * 30, "n": text[:BIG], "c": "x"})
            self.check_route({"l1": text})
        elif kind == "unicode":
            category, name = self.unicode_name()
            self.report.categories.add(category)
            data = self._random_data()
            version, answers = str(self.model.version), parse_query(encode(self.model, data))["a"]
            target = data.target or ""
            taken = data.taken_on.strftime("%Y%m%d") if data.taken_on else ""
            params = {"v": version, "a": answers, "c": checksum(version, answers, target, taken, name), "n": name}
            if target:
                params["t"] = target
            if taken:
                params["d"] = taken
            self.check_params(params)
            self.check_route({**params, "step": "2"})
            self.check_roundtrip(LinkData(data.answers, name, data.target, data.taken_on))

    def check_roundtrip(self, data: LinkData) -> None:
        """A link the encoder accepts must decode to exactly the same data."""
        try:
            link = encode(self.model, data)
        except LinkError:
            return  # too long or not encodable: refused with the typed error, fine
        except Exception as error:
            self.report.crash("encode", data, error)
            return
        try:
            back = decode(self.model, link).data
        except Exception as error:
            self.report.crash("decode(encode())", data, error)
            return
        if back != data:
            self.report.crash("roundtrip", data, AssertionError(f"decoded {back!r}"))
        else:
            self.report.roundtrips += 1

    def run(self, count: int, deadline_s: float | None = None) -> Report:
        start = time.perf_counter()
        for index in range(count):
            self.one(KINDS[index % len(KINDS)])
            if deadline_s is not None and time.perf_counter() - start > deadline_s:
                break
        self.report.seconds = time.perf_counter() - start
        return self.report
