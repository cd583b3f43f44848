"""Terraform `show -json` plan writer used by write_plan_stories.py.

Written by hand from Terraform's documentation of the JSON output format
(https://developer.hashicorp.com/terraform/internals/json-format) and from how Terraform's
jsonplan/jsonstate/jsonconfig packages encode values (no terraform binary could be installed
where these fixtures were made):

- `after` omits unknown attributes (an unknown element of a list becomes null);
- `after_unknown` is `{}` when `after` is wholly known, else the value with every unknown leaf
  (or unknown whole collection) replaced by true, known leaves of objects omitted, known list
  elements false, empty collections kept empty;
- `before_sensitive` / `after_sensitive` / `sensitive_values`: the value with every non-sensitive
  leaf false, false entries of objects omitted, null left out (no attribute here is sensitive);
- `["delete"]` has `"after": null`, `"after_unknown": {}`, `"after_sensitive": false`;
  `["create"]` has `"before": null`, `"before_sensitive": false`;
- planned_values hold every resource instance that is not deleted, with `after`'s values;
- resource_changes are sorted as Terraform sorts resource instance addresses (root module first,
  then type, name, index).
"""

import json

TERRAFORM_VERSION = "1.9.8"
AWS = "registry.terraform.io/hashicorp/aws"


class Unknown:
    """A value Terraform will know only after apply."""

    def __repr__(self):
        return "UNK"


UNK = Unknown()


def wholly_known(v):
    if v is UNK:
        return False
    if isinstance(v, dict):
        return all(wholly_known(x) for x in v.values())
    if isinstance(v, list):
        return all(wholly_known(x) for x in v)
    return True


def omit_unknowns(v):
    if isinstance(v, dict):
        return {k: omit_unknowns(x) for k, x in v.items() if x is not UNK}
    if isinstance(v, list):
        return [None if x is UNK else omit_unknowns(x) for x in v]
    return v


FALSE = object()


def deep_sort(v):
    """cty values and Go maps are marshalled with their keys in sorted order."""
    if isinstance(v, dict):
        return {k: deep_sort(v[k]) for k in sorted(v)}
    if isinstance(v, list):
        return [deep_sort(x) for x in v]
    return v


def _unknown_as_bool(v):
    if v is None:
        return FALSE
    if v is UNK:
        return True
    if isinstance(v, list):
        return [_unknown_as_bool(x) if _unknown_as_bool(x) is not FALSE else False for x in v]
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            b = _unknown_as_bool(x)
            if b is not FALSE and b is not False:
                out[k] = b
        return out
    return FALSE


def after_unknown(v):
    if v is None or wholly_known(v):
        return {}
    return _unknown_as_bool(v)


def _sensitive_as_bool(v):
    if v is None or v is UNK:
        return FALSE
    if isinstance(v, list):
        return [False if _sensitive_as_bool(x) is FALSE else _sensitive_as_bool(x) for x in v]
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            b = _sensitive_as_bool(x)
            if b is not FALSE and b is not False:
                out[k] = b
        return out
    return FALSE


def sensitive_values(v):
    if v is None:
        return False
    b = _sensitive_as_bool(v)
    return False if b is FALSE else b


class Res:
    """One resource instance: its prior state (`before`), its planned value (`after`, with UNK), the
    action, and what its state records as dependencies."""

    def __init__(self, rtype, name, index=None, module=None, before=None, after=None,
                 action=None, reason=None, schema_version=0, depends_on=()):
        self.type, self.name, self.index, self.module = rtype, name, index, module
        self.before, self.after = before, after
        if action is None:
            if before is None:
                action = ["create"]
            elif after is None:
                action = ["delete"]
            elif before == after:
                action = ["no-op"]
            else:
                action = ["update"]
        self.action, self.reason = action, reason
        self.schema_version = schema_version
        self.depends_on = list(depends_on)

    @property
    def address(self):
        a = f"{self.type}.{self.name}"
        if isinstance(self.index, int):
            a += f"[{self.index}]"
        elif isinstance(self.index, str):
            a += f'["{self.index}"]'
        return f"{self.module}.{a}" if self.module else a

    def sort_key(self):
        idx = self.index
        key = (0, idx, "") if isinstance(idx, int) else (1, 0, idx or "")
        return (self.module is not None, self.module or "", self.type, self.name, key)

    def header(self):
        h = {"address": self.address}
        if self.module:
            h["module_address"] = self.module
        h.update({"mode": "managed", "type": self.type, "name": self.name})
        if self.index is not None:
            h["index"] = self.index
        h["provider_name"] = AWS
        return h

    def change(self):
        r = self.header()
        c = {"actions": self.action,
             "before": deep_sort(self.before),
             "after": None if self.after is None else deep_sort(omit_unknowns(self.after)),
             "after_unknown": deep_sort(after_unknown(self.after)),
             "before_sensitive": deep_sort(sensitive_values(self.before)),
             "after_sensitive": deep_sort(sensitive_values(self.after))}
        r["change"] = c
        if self.reason:
            r["action_reason"] = self.reason
        return r

    def _value_entry(self, values):
        e = {"address": self.address, "mode": "managed", "type": self.type, "name": self.name}
        if self.index is not None:
            e["index"] = self.index
        e.update({"provider_name": AWS, "schema_version": self.schema_version,
                  "values": deep_sort(omit_unknowns(values)),
                  "sensitive_values": deep_sort(sensitive_values(values))})
        return e

    def planned(self):
        return self._value_entry(self.after)

    def state(self):
        e = self._value_entry(self.before)
        if self.depends_on:
            e["depends_on"] = sorted(self.depends_on)
        return e


def _module_tree(entries):
    """entries: list of (module or None, entry) -> values representation's root_module."""
    root = {"resources": [e for m, e in entries if m is None]}
    mods = sorted({m for m, _ in entries if m is not None})
    if mods:
        root["child_modules"] = [{"resources": [e for m, e in entries if m == mod], "address": mod}
                                 for mod in mods]
    if not root["resources"]:
        del root["resources"]
    return root


def plan_json(resources, configuration, variables=None, timestamp="2024-11-04T09:30:00Z"):
    resources = sorted(resources, key=Res.sort_key)
    out = {"format_version": "1.2", "terraform_version": TERRAFORM_VERSION}
    if variables:
        out["variables"] = {k: {"value": v} for k, v in sorted(variables.items())}
    planned = [(r.module, r.planned()) for r in resources if r.after is not None]
    out["planned_values"] = {"root_module": _module_tree(planned)}
    out["resource_changes"] = [r.change() for r in resources]
    prior = [(r.module, r.state()) for r in resources if r.before is not None]
    if prior:
        out["prior_state"] = {"format_version": "1.0", "terraform_version": TERRAFORM_VERSION,
                              "values": {"root_module": _module_tree(prior)}}
    out["configuration"] = configuration
    out["timestamp"] = timestamp
    out["applyable"] = True
    out["complete"] = True
    out["errored"] = False
    return out


# ---- configuration helpers -------------------------------------------------------------------

def const(v):
    return {"constant_value": v}


def refs(*r):
    return {"references": list(r)}


def ref_attr(addr, attr=None):
    """References Terraform lists for `addr.attr` (addr may carry a constant index)."""
    out = []
    if attr:
        out.append(f"{addr}.{attr}")
    out.append(addr)
    if addr.endswith("]"):
        out.append(addr[:addr.rindex("[")])
    return out


def cfg_resource(address, expressions, schema_version=0, count=None, depends_on=None,
                 provider_key="aws"):
    rtype, name = address.split(".", 1)
    r = {"address": address, "mode": "managed", "type": rtype, "name": name,
         "provider_config_key": provider_key, "expressions": deep_sort(expressions),
         "schema_version": schema_version}
    if count is not None:
        r["count_expression"] = count
    if depends_on:
        r["depends_on"] = depends_on
    return r


def provider_config(version="~> 5.72"):
    return {"aws": {"name": "aws", "full_name": AWS, "version_constraint": version,
                    "expressions": {"region": const("us-east-1")}}}


def dump(path, obj, compact=False):
    with open(path, "w") as f:
        if compact:
            json.dump(obj, f, separators=(",", ":"))
        else:
            json.dump(obj, f, indent=2)
        f.write("\n")
