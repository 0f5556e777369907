#!/usr/bin/env python3
"""Independent reference implementation of the lwgov rules (SPEC revision 2: 2.2, 2.3, 3, 3.0, 3.1, 3.3, 3.5, 3.6).

    python3 scripts/oracle.py [--department-level 2] [--grace-days 30] [--tz Asia/Tokyo]
                              [--positions 部長,次長,課長,課長補佐,参事,室長,所長]
                              [--count-on-leave] [--masters-are-members] [--no-orgunit-subunits]
                              [--ignore-users ID_OR_EMAIL,...] [--hr-encoding utf-8|cp932]
                              [--due-days high=14,medium=30,low=60] [--escalate-after-days 30]
                              DIR1 DIR2 ... > out.json

Each DIR is a snapshot directory (users.json, orgunits.json, groups.json, optional
transfers.csv, hr.csv and snapshot.json), given in chronological order. Every snapshot is
analysed in turn (no waivers) and the findings, their lifecycle status and the
per-rule counts are printed as JSON, one record per line.

The three flags are the SPEC's configuration keys `managers.count_on_leave`,
`membership.masters_are_members` and `membership.orgunit_includes_subunits` (default
false, false, true). `no-manager` and `missing-department-manager` findings carry
`near`: the people who would satisfy the rule but do not count, each
`{"user": userId, "why": "on-leave" | "master-not-member" | "team-feature-off"}`
(SPEC 3.0), sorted by user id.

The HR roster (SPEC 3.5; matching by employeeNumber and orgUnitExternalKey, the defaults):
`hr.csv` is optional. Its encoding is UTF-8 (a BOM allowed) unless `--hr-encoding cp932`
(`hr.encoding`) or the directory's snapshot.json says `"hrEncoding": "cp932"` (which wins).
Columns by header name, any order, others ignored: employeeNumber and status must be in the
header; orgUnitCode and effectiveDate may be absent (their values are then empty), name is
optional. Values are trimmed of spaces and tabs; a row whose fields are all empty is skipped;
a row with more or fewer fields than the header, an empty employeeNumber, a status other than
在職/休職/退職/active/leave/retired, an effectiveDate that is not exactly YYYY-MM-DD, an empty
orgUnitCode when not 退職, an empty effectiveDate for 退職, or a second row for the same
employeeNumber is an InputError naming the line (exit 65). Only snapshots with a roster get the
account rules (retired-account-active, directory-behind-hr, account-not-in-hr; group "",
subject the userId); a snapshot without one lists, resolves and creates no account finding, and
the next one with a roster compares with the last one that had one. retired-account-active
findings carry `groups`: the number of groups of which the user is a direct USER member or a
master. `groupsWithFindings` counts groups only (not account findings). A transfer observed
without a transfers.csv row is dated by the roster's effectiveDate (00:00 in the zone) when the
roster row matching the user has a date and its department is the user's new department.

Due dates (SPEC 3.6; no waivers and no plans here, so every finding listed is new, open or
reopened and has one): a finding's *opened* date is the civil date (in the zone) of the snapshot
where it last became open: for `new` its first-seen date, for `reopened` the date of the snapshot
where it reopened, for `open` the opened date it had at the previous snapshot where it was present
(an account finding carried across snapshots without a roster keeps its date). Each finding gets
`due` = opened + due_days[severity] days (`--due-days`, `remediation.due_days`; default high 14,
medium 30, low 60; severities of SEVERITY, the SPEC tables) as YYYY-MM-DD, and `overdue`: the
snapshot's civil date is after `due` (on the due date itself it is not overdue). Per snapshot,
`overdueCounts` counts the overdue findings per rule, and `escalation` lists the findings overdue by
at least `--escalate-after-days` days (`remediation.escalate_after_days`, default 30; snapshot date
− due ≥ that many days) by 部: `[{"bu": orgUnitId, "departments": {deptId: ["rule group subject",
...]}}]`, sorted by bu, departments by id, keys in the order of `findings`. A finding is routed to
the departments its report goes to (`routed_departments`): a group finding to the group's home
departments (2.3), a missing-department-manager finding also to its subject department; an account
finding to the account's primary department. The 部 of a department is its parent org unit, or the
department itself when it has no parent (a root unit). A finding routed to several departments is
listed under each; a finding routed to none (an empty group; an account without a department) is
in no escalation.

Standard library only; written from the SPEC alone, so that the Swift implementation
can be checked against it.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: Rule ids in the order of the SPEC table (part of the contract).
RULES = [
    "not-public",
    "no-manager",
    "missing-department-manager",
    "no-active-master",
    "single-master",
    "stale-after-transfer",
    "inactive-member",
    "retired-account-active",
    "directory-behind-hr",
    "account-not-in-hr",
]
#: The rules about accounts (SPEC 3.5): their findings have group "" and subject = userId.
ACCOUNT_RULES = ("retired-account-active", "directory-behind-hr", "account-not-in-hr")
#: Roster statuses and their English spellings.
HR_STATUS = {"在職": "在職", "休職": "休職", "退職": "退職", "active": "在職", "leave": "休職", "retired": "退職"}
HR_ENCODINGS = ("utf-8", "cp932")
STATUSES = ["new", "open", "reopened", "resolved"]
#: Severity of each rule (the SPEC tables of 3 and 3.5).
SEVERITY = {
    "not-public": "high",
    "no-manager": "high",
    "missing-department-manager": "medium",
    "no-active-master": "high",
    "single-master": "medium",
    "stale-after-transfer": "medium",
    "inactive-member": "low",
    "retired-account-active": "high",
    "directory-behind-hr": "medium",
    "account-not-in-hr": "low",
}
SEVERITIES = ("high", "medium", "low")
#: remediation.due_days (SPEC 3.6).
DEFAULT_DUE_DAYS = (("high", 14), ("medium", 30), ("low", 60))
DEFAULT_POSITIONS = ["部長", "次長", "課長", "課長補佐", "参事", "室長", "所長"]


class InputError(Exception):
    """A snapshot directory cannot be read (the Swift tool would exit 65)."""


@dataclass(frozen=True)
class Config:
    department_level: int = 2
    grace_days: int = 30
    tz: str = "Asia/Tokyo"
    positions: tuple = tuple(DEFAULT_POSITIONS)
    count_on_leave: bool = False             # managers.count_on_leave
    masters_are_members: bool = False        # membership.masters_are_members
    orgunit_includes_subunits: bool = True   # membership.orgunit_includes_subunits
    hr_ignore_users: tuple = ()              # hr.ignore_users (userIds or emails)
    hr_encoding: str = "utf-8"               # hr.encoding (snapshot.json hrEncoding wins)
    due_days: tuple = DEFAULT_DUE_DAYS       # remediation.due_days as (severity, days) pairs
    escalate_after_days: int = 30            # remediation.escalate_after_days

    def days_for(self, rule: str) -> int:
        """remediation.due_days of the rule's severity."""
        return dict(self.due_days)[SEVERITY[rule]]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)


# --------------------------------------------------------------------------- loading

def _load_json(path: str, key: str) -> list:
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get(key), list):
        raise InputError(f"{path}: expected an object with a {key!r} array")
    return doc[key]


def parse_taken_at(text: str, zone: ZoneInfo) -> datetime:
    """ISO 8601 timestamp; one without an offset is read in the configured zone."""
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise InputError(f"takenAt {text!r} is not ISO 8601") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value


def format_instant(value: datetime, zone: ZoneInfo) -> str:
    local = value.astimezone(zone)
    return local.isoformat(timespec="seconds" if local.microsecond == 0 else "auto")


class Snapshot:
    """One directory snapshot with everything derived from it that the rules need."""

    def __init__(self, directory: str, cfg: Config):
        self.dir = directory
        self.cfg = cfg
        zone = cfg.zone
        self.users_list = _load_json(os.path.join(directory, "users.json"), "users")
        self.units_list = _load_json(os.path.join(directory, "orgunits.json"), "orgUnits")
        self.groups_list = _load_json(os.path.join(directory, "groups.json"), "groups")

        meta = os.path.join(directory, "snapshot.json")
        hr_encoding = cfg.hr_encoding
        if os.path.exists(meta):
            try:
                with open(meta, encoding="utf-8") as fh:
                    doc = json.load(fh)
                taken = doc["takenAt"]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{meta}: {exc}") from exc
            self.taken_at = parse_taken_at(taken, zone)
            if "hrEncoding" in doc:
                hr_encoding = doc["hrEncoding"]
                if hr_encoding not in HR_ENCODINGS:
                    raise InputError(f"{meta}: hrEncoding {hr_encoding!r} is not utf-8 or cp932")
        else:
            names = ["users.json", "orgunits.json", "groups.json", "transfers.csv"]
            stamps = [os.path.getmtime(os.path.join(directory, n)) for n in names
                      if os.path.exists(os.path.join(directory, n))]
            self.taken_at = datetime.fromtimestamp(max(stamps), tz=zone)

        self.transfer_dates = load_transfers(os.path.join(directory, "transfers.csv"), zone)
        hr_path = os.path.join(directory, "hr.csv")
        #: employeeNumber -> roster row, or None when the snapshot has no hr.csv.
        self.roster = load_roster(hr_path, hr_encoding) if os.path.exists(hr_path) else None

        self.users = {}
        for u in self.users_list:
            if isinstance(u, dict) and isinstance(u.get("userId"), str):
                self.users[u["userId"]] = u
        self.units = {}
        for ou in self.units_list:
            if isinstance(ou, dict) and isinstance(ou.get("orgUnitId"), str):
                self.units[ou["orgUnitId"]] = ou
        self.groups = {}
        for g in self.groups_list:
            if isinstance(g, dict) and isinstance(g.get("groupId"), str):
                self.groups[g["groupId"]] = g

        self._dept_cache: dict = {}
        self._chain_cache: dict = {}
        # Per-user derived facts.
        self.primary_unit = {uid: primary_org_unit(u) for uid, u in self.users.items()}
        self.primary_dept = {uid: (self.department(unit) if unit is not None else None)
                             for uid, unit in self.primary_unit.items()}
        self.active = {uid: is_active(u) for uid, u in self.users.items()}
        self.on_leave = {uid: is_on_leave(u) for uid, u in self.users.items()}
        # Departments a user would manage if leave were ignored (active users only) ...
        self.manager_of_ignoring_leave = {
            uid: (self._manager_departments(u) if self.active[uid] else frozenset())
            for uid, u in self.users.items()}
        # ... and the ones that count (2.2: a manager on leave does not, unless count_on_leave).
        self.manager_of = {
            uid: (frozenset() if self.on_leave[uid] and not cfg.count_on_leave else depts)
            for uid, depts in self.manager_of_ignoring_leave.items()}
        # Every post (orgUnits entry of every organization): (unitId, useTeamFeature is not false).
        self.posts = {uid: user_posts(u) for uid, u in self.users.items()}
        # Group sets (3.0: members and administrators are sets).
        self.direct = {gid: direct_user_members(g) for gid, g in self.groups.items()}
        self.masters = {gid: administrator_ids(g) for gid, g in self.groups.items()}
        self._closure_cache: dict = {}
        self._effective_cache: dict = {}
        # orgUnitExternalKey -> unit id (the first unit in orgunits.json order holding the key).
        self.unit_by_code = {}
        for ou in self.units_list:
            if isinstance(ou, dict) and isinstance(ou.get("orgUnitId"), str):
                code = ou.get("orgUnitExternalKey")
                if isinstance(code, str) and code and code not in self.unit_by_code:
                    self.unit_by_code[code] = ou["orgUnitId"]

    # ----- roster (3.5)
    def roster_row(self, uid: str):
        """The roster row matching the user (same non-empty employeeNumber), or None."""
        if self.roster is None:
            return None
        number = self.users[uid].get("employeeNumber") if uid in self.users else None
        if not isinstance(number, str) or not number:
            return None
        return self.roster.get(number)

    def roster_department(self, row: dict):
        """department() of the unit whose orgUnitExternalKey is the row's orgUnitCode; None when
        the code is empty or matches no unit."""
        unit = self.unit_by_code.get(row["orgUnitCode"]) if row["orgUnitCode"] else None
        return self.department(unit) if unit is not None else None

    # ----- org tree
    def chain(self, unit_id: str) -> list:
        """unit, parent, ..., root. A missing or unknown parent ends the chain (cycle-safe)."""
        if unit_id in self._chain_cache:
            return self._chain_cache[unit_id]
        result = [unit_id]
        seen = {unit_id}
        current = self.units.get(unit_id)
        while current is not None:
            parent = current.get("parentOrgUnitId")
            if not isinstance(parent, str) or parent not in self.units or parent in seen:
                break
            result.append(parent)
            seen.add(parent)
            current = self.units[parent]
        self._chain_cache[unit_id] = result
        return result

    def department(self, unit_id: str):
        """Ancestor-or-self at depth department_level (roots depth 1); None for an unknown unit."""
        if unit_id in self._dept_cache:
            return self._dept_cache[unit_id]
        if unit_id not in self.units:
            dept = None
        else:
            path = list(reversed(self.chain(unit_id)))  # root first, depth = index + 1
            dept = path[min(self.cfg.department_level, len(path)) - 1]
        self._dept_cache[unit_id] = dept
        return dept

    def _manager_departments(self, user: dict) -> frozenset:
        result = set()
        for org in _list(user.get("organizations")):
            for entry in _list(org.get("orgUnits") if isinstance(org, dict) else None):
                if not isinstance(entry, dict):
                    continue
                pos = entry.get("positionName")
                if entry.get("isManager") is True or (isinstance(pos, str) and pos in self.cfg.positions):
                    unit = entry.get("orgUnitId")
                    dept = self.department(unit) if isinstance(unit, str) else None
                    if dept is not None:
                        result.add(dept)
        return frozenset(result)

    # ----- per-user predicates with unknown users
    def is_active(self, uid: str) -> bool:
        return self.active.get(uid, False)

    def dept_of(self, uid: str):
        return self.primary_dept.get(uid)

    def is_manager(self, uid: str) -> bool:
        return bool(self.manager_of.get(uid))

    def on_leave_uncounted(self, uid: str) -> bool:
        """On leave and therefore not counted as a manager (count_on_leave false)."""
        return self.on_leave.get(uid, False) and not self.cfg.count_on_leave

    # ----- groups
    def closure(self, gid: str) -> frozenset:
        """G and every group reachable from it through GROUP members (unknown groups add nothing)."""
        if gid in self._closure_cache:
            return self._closure_cache[gid]
        reachable, todo = {gid}, [gid]
        while todo:
            g = self.groups[todo.pop()]
            for m in _list(g.get("members")):
                if isinstance(m, dict) and m.get("type") == "GROUP":
                    target = m.get("id")
                    if isinstance(target, str) and target in self.groups and target not in reachable:
                        reachable.add(target)
                        todo.append(target)
        result = frozenset(reachable)
        self._closure_cache[gid] = result
        return result

    def orgunit_members(self, gid: str) -> set:
        """Ids of the ORGUNIT members of every group of G's closure."""
        units = set()
        for r in self.closure(gid):
            for m in _list(self.groups[r].get("members")):
                if isinstance(m, dict) and m.get("type") == "ORGUNIT" and isinstance(m.get("id"), str):
                    units.add(m["id"])
        return units

    def unit_reached(self, unit: str, members: set) -> bool:
        """Is a post in `unit` inside one of the ORGUNIT members (its subtree, per the setting)?"""
        if self.cfg.orgunit_includes_subunits:
            return any(u in members for u in self.chain(unit))
        return unit in members

    def effective_members(self, gid: str) -> frozenset:
        """2.3 / 3.0: over G's closure, the USER members, the users with a post (any orgUnits
        entry, 兼務 included, not useTeamFeature false) in (the subtree of) an ORGUNIT member,
        and the masters only when masters_are_members. Unknown user ids stay in."""
        if gid in self._effective_cache:
            return self._effective_cache[gid]
        result = set()
        for r in self.closure(gid):
            result |= self.direct[r]
            if self.cfg.masters_are_members:
                result |= self.masters[r]
        units = self.orgunit_members(gid)
        if units:
            for uid, posts in self.posts.items():
                if any(team and self.unit_reached(unit, units) for unit, team in posts):
                    result.add(uid)
        frozen = frozenset(result)
        self._effective_cache[gid] = frozen
        return frozen

    def team_feature_off_reach(self, gid: str) -> set:
        """Users holding a useTeamFeature-false post in (the subtree of) an ORGUNIT member of
        G's closure: they would be in the talk but for that flag."""
        units = self.orgunit_members(gid)
        if not units:
            return set()
        return {uid for uid, posts in self.posts.items()
                if any(not team and self.unit_reached(unit, units) for unit, team in posts)}

    def near_managers(self, gid: str, department=None) -> list:
        """3.0: the people who would satisfy no-manager (department None) or
        missing-department-manager for `department` but do not count, with why."""
        members = self.effective_members(gid)
        active_masters = {m for m in self.masters[gid] if self.is_active(m)}
        off_reach = None
        near = []
        for uid in sorted(self.users):
            depts = self.manager_of_ignoring_leave[uid]   # empty unless active
            if not depts or (department is not None and department not in depts):
                continue
            counted = uid in members and (department in self.manager_of[uid] if department is not None
                                          else bool(self.manager_of[uid]))
            if counted:
                continue
            if off_reach is None:
                off_reach = self.team_feature_off_reach(gid)
            member, master, via_off = uid in members, uid in active_masters, uid in off_reach
            if self.on_leave_uncounted(uid) and (member or master or via_off):
                why = "on-leave"
            elif master and not member and not self.cfg.masters_are_members:
                why = "master-not-member"
            elif not member and via_off:
                why = "team-feature-off"
            else:
                continue
            near.append({"user": uid, "why": why})
        return near

    def is_empty(self, gid: str) -> bool:
        g = self.groups[gid]
        return not _list(g.get("members")) and not _list(g.get("administrators"))


def _list(value) -> list:
    return value if isinstance(value, list) else []


def primary_org_unit(user: dict):
    """Org unit marked primary in the primary organization (first ones when none is marked)."""
    orgs = [o for o in _list(user.get("organizations")) if isinstance(o, dict)]
    if not orgs:
        return None
    org = next((o for o in orgs if o.get("primary") is True), orgs[0])
    entries = [e for e in _list(org.get("orgUnits")) if isinstance(e, dict)]
    if not entries:
        return None
    entry = next((e for e in entries if e.get("primary") is True), entries[0])
    unit = entry.get("orgUnitId")
    return unit if isinstance(unit, str) else None


def is_active(user: dict) -> bool:
    """2.2: active unless isDeleted, isSuspended, isPending or isAwaiting is JSON true."""
    return not (user.get("isDeleted") is True or user.get("isSuspended") is True
                or user.get("isPending") is True or user.get("isAwaiting") is True)


def is_on_leave(user: dict) -> bool:
    """2.2: leaveOfAbsence.isLeaveOfAbsence is JSON true (休職)."""
    leave = user.get("leaveOfAbsence")
    return isinstance(leave, dict) and leave.get("isLeaveOfAbsence") is True


def user_posts(user: dict) -> list:
    """Every orgUnits entry of every organization: (orgUnitId, team) where team is False
    only for a JSON false useTeamFeature (absent or anything else: true)."""
    posts = []
    for org in _list(user.get("organizations")):
        for entry in _list(org.get("orgUnits") if isinstance(org, dict) else None):
            if isinstance(entry, dict) and isinstance(entry.get("orgUnitId"), str):
                posts.append((entry["orgUnitId"], entry.get("useTeamFeature") is not False))
    return posts


def direct_user_members(group: dict) -> frozenset:
    return frozenset(m["id"] for m in _list(group.get("members"))
                     if isinstance(m, dict) and m.get("type") == "USER" and isinstance(m.get("id"), str))


def administrator_ids(group: dict) -> frozenset:
    return frozenset(a["userId"] for a in _list(group.get("administrators"))
                     if isinstance(a, dict) and isinstance(a.get("userId"), str))


# --------------------------------------------------------------------------- transfers

def load_transfers(path: str, zone: ZoneInfo) -> dict:
    """userId -> effective instant (00:00 of effectiveDate in the zone). Later rows win."""
    if not os.path.exists(path):
        return {}
    result = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or "userId" not in reader.fieldnames \
                    or "effectiveDate" not in reader.fieldnames:
                raise InputError(f"{path}: header must start userId,effectiveDate")
            for line, row in enumerate(reader, start=2):
                uid = (row.get("userId") or "").strip()
                text = (row.get("effectiveDate") or "").strip()
                if not uid and not text:
                    continue
                try:
                    day = date.fromisoformat(text)
                except ValueError as exc:
                    raise InputError(f"{path}:{line}: effectiveDate {text!r} is not YYYY-MM-DD") from exc
                result[uid] = datetime.combine(day, time(0, 0), tzinfo=zone)
    except OSError as exc:
        raise InputError(f"{path}: {exc}") from exc
    return result


# --------------------------------------------------------------------------- HR roster

def _civil_date(text: str):
    """Exactly YYYY-MM-DD (date.fromisoformat alone also takes 20260401 and 2026-W14-3)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not (text[:4] + text[5:7] + text[8:]).isdigit():
        raise ValueError(text)
    return date.fromisoformat(text)


def load_roster(path: str, encoding: str = "utf-8") -> dict:
    """hr.csv (SPEC 3.5) -> {employeeNumber: row}; row = {line, employeeNumber, status
    (在職/休職/退職), orgUnitCode, effectiveDate (date or None), name}."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise InputError(f"{path}: {exc}") from exc
    try:
        text = raw.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not {encoding} text ({exc.reason} at byte {exc.start})") from exc
    if "\0" in text:
        raise InputError(f"{path}: holds a NUL character; not a CSV file")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(f"{path}:1: empty file; the header row is missing")
        header = [h.strip(" \t") for h in header]
        for column in ("employeeNumber", "status"):
            if column not in header:
                raise InputError(f"{path}:1: the header has no {column} column")
        for column in set(header):
            if column and header.count(column) > 1:
                raise InputError(f"{path}:1: the header names {column} twice")
        index = {name: header.index(name) for name in
                 ("employeeNumber", "status", "orgUnitCode", "effectiveDate", "name") if name in header}
        rows: dict = {}
        for fields in reader:
            line = reader.line_num
            values = [f.strip(" \t") for f in fields]
            if not any(values):
                continue
            if len(values) != len(header):
                raise InputError(f"{path}:{line}: {len(values)} fields, the header has {len(header)}")
            get = {name: values[i] for name, i in index.items()}
            number = get["employeeNumber"]
            if not number:
                raise InputError(f"{path}:{line}: employeeNumber is empty")
            status = HR_STATUS.get(get["status"])
            if status is None:
                raise InputError(f"{path}:{line}: status {get['status']!r} is not 在職, 休職 or 退職 "
                                 "(active, leave, retired)")
            code = get.get("orgUnitCode", "")
            if not code and status != "退職":
                raise InputError(f"{path}:{line}: orgUnitCode is empty (required unless 退職)")
            day_text = get.get("effectiveDate", "")
            try:
                day = _civil_date(day_text) if day_text else None
            except ValueError as exc:
                raise InputError(f"{path}:{line}: effectiveDate {day_text!r} is not YYYY-MM-DD") from exc
            if day is None and status == "退職":
                raise InputError(f"{path}:{line}: effectiveDate is empty (required for 退職)")
            if number in rows:
                raise InputError(f"{path}:{line}: employeeNumber {number} is already on line "
                                 f"{rows[number]['line']}")
            rows[number] = {"line": line, "employeeNumber": number, "status": status, "orgUnitCode": code,
                            "effectiveDate": day, "name": get.get("name", "")}
    except csv.Error as exc:
        raise InputError(f"{path}:{reader.line_num}: {exc}") from exc
    return rows


def account_findings(snap: Snapshot, cfg: Config) -> dict:
    """(rule, userId) -> extra fields, for a snapshot with a roster (SPEC 3.5)."""
    zone = cfg.zone
    today = snap.taken_at.astimezone(zone).date()
    grace = timedelta(hours=24 * cfg.grace_days)
    ignored = set(cfg.hr_ignore_users)
    found = {}
    for uid in sorted(snap.users):
        if not snap.is_active(uid):
            continue
        row = snap.roster_row(uid)
        if row is None:
            email = snap.users[uid].get("email")
            if uid not in ignored and not (isinstance(email, str) and email in ignored):
                found[("account-not-in-hr", uid)] = {}
            continue
        day = row["effectiveDate"]
        if row["status"] == "退職":
            if day <= today:
                groups = sum(1 for gid in snap.groups if uid in snap.direct[gid] or uid in snap.masters[gid])
                found[("retired-account-active", uid)] = {"groups": groups}
            continue
        dept = snap.roster_department(row)
        if dept is None or dept == snap.dept_of(uid):
            continue
        if day is None or snap.taken_at - datetime.combine(day, time(0, 0), tzinfo=zone) >= grace:
            found[("directory-behind-hr", uid)] = {}
    return found


def transfer_date(snap: Snapshot, uid: str, zone: ZoneInfo) -> datetime:
    """T of a transfer observed at `snap` (3.3, 3.5): transfers.csv, else the roster's effectiveDate
    when its row places the user in the new department, else the snapshot's takenAt."""
    if uid in snap.transfer_dates:
        return snap.transfer_dates[uid]
    row = snap.roster_row(uid)
    if row is not None and row["effectiveDate"] is not None \
            and snap.roster_department(row) is not None and snap.roster_department(row) == snap.dept_of(uid):
        return datetime.combine(row["effectiveDate"], time(0, 0), tzinfo=zone)
    return snap.taken_at


def observed_transfer(prev: Snapshot, cur: Snapshot, uid: str) -> bool:
    """3.0: in both user lists, a primary department in each, and the departments differ."""
    if uid not in prev.users or uid not in cur.users:
        return False
    before, after = prev.primary_dept.get(uid), cur.primary_dept.get(uid)
    return before is not None and after is not None and before != after


# --------------------------------------------------------------------------- analysis

def home_departments(snap: Snapshot, gid: str) -> list:
    masters = [m for m in snap.masters[gid] if snap.is_active(m)]
    if masters:
        return sorted({snap.dept_of(m) for m in masters} - {None})
    counts: dict = {}
    for uid in snap.effective_members(gid):
        if snap.is_active(uid) and snap.dept_of(uid) is not None:
            counts[snap.dept_of(uid)] = counts.get(snap.dept_of(uid), 0) + 1
    if not counts:
        return []
    top = max(counts.values())
    return sorted(d for d, c in counts.items() if c == top)


#: Rules whose findings carry `near` (SPEC 3.0).
NEAR_RULES = ("no-manager", "missing-department-manager")


def rule_findings(snap: Snapshot, gid: str) -> dict:
    """(rule, subject) -> extra fields of the finding, for one group, all rules except
    stale-after-transfer. `near` is given for no-manager and missing-department-manager."""
    if snap.is_empty(gid):
        return {("no-manager", ""): {"near": []}, ("no-active-master", ""): {}}
    g = snap.groups[gid]
    found = {}
    if g.get("visible") is False:
        found[("not-public", "")] = {}
    active_eff = [u for u in snap.effective_members(gid) if snap.is_active(u)]
    has_manager = any(snap.is_manager(u) for u in active_eff)
    if not has_manager:
        found[("no-manager", "")] = {"near": snap.near_managers(gid)}
    member_depts = {snap.dept_of(u) for u in active_eff} - {None}
    if has_manager and len(member_depts) >= 2:
        covered = set()
        for u in active_eff:
            covered |= snap.manager_of.get(u, frozenset())
        for d in member_depts - covered:
            found[("missing-department-manager", d)] = {"near": snap.near_managers(gid, d)}
    active_masters = [m for m in snap.masters[gid] if snap.is_active(m)]
    if not active_masters:
        found[("no-active-master", "")] = {}
    elif len(active_masters) == 1:
        found[("single-master", "")] = {}
    for u in snap.direct[gid] | snap.masters[gid]:
        if not snap.is_active(u):
            found[("inactive-member", u)] = {}
    return found


def stale_findings(snaps: list, n: int, cfg: Config) -> set:
    """(groupId, userId) pairs for stale-after-transfer at snapshot index n (3.3)."""
    cur = snaps[n]
    grace = timedelta(hours=24 * cfg.grace_days)
    result = set()
    for uid in sorted(_all_group_user_ids(cur)):
        # The most recent transfer: the one observed at the latest snapshot k <= n.
        k = next((k for k in range(n, 0, -1) if observed_transfer(snaps[k - 1], snaps[k], uid)), None)
        if k is None:
            continue
        when = transfer_date(snaps[k], uid, cfg.zone)
        if cur.taken_at - when < grace:
            continue
        before = snaps[k - 1]
        for gid in cur.groups:
            if uid not in cur.direct[gid] and uid not in cur.masters[gid]:
                continue
            if gid not in before.groups or (uid not in before.direct[gid] and uid not in before.masters[gid]):
                continue
            untouched = all(gid in snaps[j].groups
                            and snaps[j].direct[gid] == cur.direct[gid]
                            and snaps[j].masters[gid] == cur.masters[gid]
                            for j in range(k, n + 1))
            if untouched:
                result.add((gid, uid))
    return result


def _all_group_user_ids(snap: Snapshot) -> set:
    ids = set()
    for gid in snap.groups:
        ids |= snap.direct[gid] | snap.masters[gid]
    return ids


def routed_departments(snap: Snapshot, key: tuple) -> list:
    """The departments whose report a finding goes to: the group's home departments (plus the
    subject department of missing-department-manager), or the account's primary department."""
    rule, gid, subject = key
    if rule in ACCOUNT_RULES:
        dept = snap.dept_of(subject)
        return [dept] if dept is not None else []
    depts = home_departments(snap, gid)
    if rule == "missing-department-manager" and subject not in depts:
        depts = depts + [subject]
    return depts


def bu_of(snap: Snapshot, dept: str) -> str:
    """The 部 of a department: its parent org unit, or itself when it has none."""
    chain = snap.chain(dept)
    return chain[1] if len(chain) > 1 else dept


def escalation(snap: Snapshot, keys: list) -> list:
    """[{"bu", "departments": {dept: ["rule group subject", ...]}}] for the given finding keys
    (in their order), sorted by bu and department."""
    by_bu: dict = {}
    for key in keys:
        for dept in routed_departments(snap, key):
            listed = by_bu.setdefault(bu_of(snap, dept), {}).setdefault(dept, [])
            text = " ".join(key)
            if text not in listed:
                listed.append(text)
    return [{"bu": bu, "departments": {d: by_bu[bu][d] for d in sorted(by_bu[bu])}} for bu in sorted(by_bu)]


def analyse(dirs: list, cfg: Config = Config(), labels: list | None = None) -> dict:
    """Analyse the snapshot directories in order; returns the oracle document."""
    snaps = [Snapshot(d, cfg) for d in dirs]
    zone = cfg.zone
    first_seen: dict = {}
    opened: dict = {}              # key -> civil date it last became open
    previous_open: set = set()     # group findings open at the previous snapshot
    accounts_open: set = set()     # account findings open at the last snapshot with a roster
    out = []
    for n, snap in enumerate(snaps):
        current = {}
        for gid in snap.groups:
            for (rule, subject), extra in rule_findings(snap, gid).items():
                current[(rule, gid, subject)] = extra
        for gid, uid in stale_findings(snaps, n, cfg):
            current[("stale-after-transfer", gid, uid)] = {}
        before = set(previous_open)
        if snap.roster is not None:
            accounts = {(rule, "", uid): extra for (rule, uid), extra in account_findings(snap, cfg).items()}
            current.update(accounts)
            before |= accounts_open
            accounts_open = set(accounts)
        today = snap.taken_at.astimezone(zone).date()
        day = today.isoformat()
        findings = []
        overdue_counts = {rule: 0 for rule in RULES}
        escalated = []
        for key in sorted(current):
            if key in before:
                status = "open"                  # keeps the date it had when last present
            elif key in first_seen:
                status = "reopened"
                opened[key] = today
            else:
                status = "new"
                first_seen[key] = day
                opened[key] = today
            due = opened[key] + timedelta(days=cfg.days_for(key[0]))
            overdue = today > due
            if overdue:
                overdue_counts[key[0]] += 1
                if (today - due).days >= cfg.escalate_after_days:
                    escalated.append(key)
            findings.append({"rule": key[0], "group": key[1], "subject": key[2],
                             "status": status, "firstSeen": first_seen[key],
                             "due": due.isoformat(), "overdue": overdue, **current[key]})
        resolved = [{"rule": r, "group": g, "subject": s}
                    for (r, g, s) in sorted(before - current.keys())]
        counts = {rule: 0 for rule in RULES}
        for key in current:
            counts[key[0]] += 1
        status_counts = {s: 0 for s in STATUSES}
        for f in findings:
            status_counts[f["status"]] += 1
        status_counts["resolved"] = len(resolved)
        out.append({
            "dir": labels[n] if labels else snap.dir,
            "period": snap.taken_at.astimezone(zone).strftime("%Y-%m"),
            "takenAt": format_instant(snap.taken_at, zone),
            "groups": len(snap.groups),
            "groupsWithFindings": len({k[1] for k in current if k[0] not in ACCOUNT_RULES}),
            "findings": findings,
            "resolved": resolved,
            "counts": counts,
            "statusCounts": status_counts,
            "overdueCounts": overdue_counts,
            "escalation": escalation(snap, escalated),
            "homeDepartments": {gid: home_departments(snap, gid) for gid in sorted(snap.groups)},
        })
        previous_open = {k for k in current if k[0] not in ACCOUNT_RULES}
    return {"snapshots": out}


# --------------------------------------------------------------------------- output

def dumps_lines(value, depth: int = 0) -> str:
    """JSON with one record per line: containers are expanded down to the records."""
    compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    nested = isinstance(value, (dict, list)) and any(
        isinstance(v, (dict, list)) for v in (value.values() if isinstance(value, dict) else value))
    if not nested or (depth >= 2 and len(compact) <= 200) or depth >= 4:
        return compact
    if isinstance(value, dict):
        items = [json.dumps(k, ensure_ascii=False) + ":" + dumps_lines(v, depth + 1) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "}"
    items = [dumps_lines(v, depth + 1) for v in value]
    return "[\n" + ",\n".join(items) + "]"


def parse_due_days(text: str) -> tuple:
    """`high=14,medium=30,low=60` (any subset; the others keep their defaults) -> Config.due_days."""
    days = dict(DEFAULT_DUE_DAYS)
    for part in (p for p in text.split(",") if p.strip()):
        name, sep, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or name not in SEVERITIES or not value.isdigit():
            raise argparse.ArgumentTypeError(f"{part!r} is not SEVERITY=DAYS (high, medium, low; days >= 0)")
        days[name] = int(value)
    return tuple((s, days[s]) for s in SEVERITIES)


def main(argv: list) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--department-level", type=int, default=2)
    parser.add_argument("--grace-days", type=int, default=30)
    parser.add_argument("--tz", default="Asia/Tokyo")
    parser.add_argument("--positions", default=",".join(DEFAULT_POSITIONS))
    parser.add_argument("--count-on-leave", action="store_true",
                        help="managers.count_on_leave = true: a manager on leave counts")
    parser.add_argument("--masters-are-members", action="store_true",
                        help="membership.masters_are_members = true: every reachable group's masters are members")
    parser.add_argument("--no-orgunit-subunits", action="store_true",
                        help="membership.orgunit_includes_subunits = false: an ORGUNIT member brings only its own posts")
    parser.add_argument("--ignore-users", default="",
                        help="hr.ignore_users: comma-separated userIds or emails of service / shared accounts")
    parser.add_argument("--hr-encoding", default="utf-8", choices=HR_ENCODINGS,
                        help="hr.encoding: how hr.csv is decoded (snapshot.json hrEncoding wins)")
    parser.add_argument("--due-days", type=parse_due_days, default=DEFAULT_DUE_DAYS,
                        help="remediation.due_days: e.g. high=14,medium=30,low=60")
    parser.add_argument("--escalate-after-days", type=int, default=30,
                        help="remediation.escalate_after_days: days overdue before a finding is escalated")
    parser.add_argument("dirs", nargs="+")
    args = parser.parse_args(argv)
    cfg = Config(department_level=args.department_level, grace_days=args.grace_days, tz=args.tz,
                 positions=tuple(p for p in args.positions.split(",") if p),
                 count_on_leave=args.count_on_leave, masters_are_members=args.masters_are_members,
                 orgunit_includes_subunits=not args.no_orgunit_subunits,
                 hr_ignore_users=tuple(u for u in args.ignore_users.split(",") if u),
                 hr_encoding=args.hr_encoding, due_days=args.due_days,
                 escalate_after_days=args.escalate_after_days)
    try:
        doc = analyse([os.path.normpath(d) for d in args.dirs], cfg)
    except InputError as exc:
        print(f"oracle: {exc}", file=sys.stderr)
        return 65
    sys.stdout.write(dumps_lines(doc) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
