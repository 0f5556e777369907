"""Hand-made cases for scripts/oracle.py: each rule firing and its near-miss.

Run from the project root:  python3 -m unittest scripts/test_oracle.py
"""
import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

# 部A (ou-1) > 課A1 (ou-11) > 係 (ou-111); 部A > 課A2 (ou-12); 部B (ou-2) > 課B1 (ou-21)
UNITS = [
    {"orgUnitId": "ou-1", "orgUnitName": "部A", "parentOrgUnitId": None},
    {"orgUnitId": "ou-11", "orgUnitName": "課A1", "parentOrgUnitId": "ou-1"},
    {"orgUnitId": "ou-111", "orgUnitName": "係A1a", "parentOrgUnitId": "ou-11"},
    {"orgUnitId": "ou-12", "orgUnitName": "課A2", "parentOrgUnitId": "ou-1"},
    {"orgUnitId": "ou-2", "orgUnitName": "部B", "parentOrgUnitId": None},
    {"orgUnitId": "ou-21", "orgUnitName": "課B1", "parentOrgUnitId": "ou-2"},
]


def entry(unit, pos="主事", mgr=False, primary=True):
    return {"orgUnitId": unit, "primary": primary, "positionName": pos, "isManager": mgr}


def user(uid, unit, pos="主事", mgr=False, extra=(), **flags):
    """A user whose primary org unit is `unit`; `extra` are further (兼務) entries."""
    units = [entry(unit, pos, mgr)] + [entry(*e, primary=False) for e in extra]
    rec = {"userId": uid, "organizations": [{"primary": True, "orgUnits": units}]}
    rec.update(flags)
    return rec


def group(gid, masters=(), users=(), units=(), groups=(), **extra):
    rec = {"groupId": gid, "groupName": gid,
           "administrators": [{"userId": m} for m in masters],
           "members": ([{"id": u, "type": "USER"} for u in users]
                       + [{"id": u, "type": "ORGUNIT"} for u in units]
                       + [{"id": g, "type": "GROUP"} for g in groups])}
    if "visible" not in extra:
        rec["visible"] = True
    rec.update(extra)
    return rec


BASE_USERS = [
    user("boss11", "ou-11", "課長", True),      # manager of 課A1
    user("boss12", "ou-12", "課長", True),      # manager of 課A2
    user("boss21", "ou-21", "課長", True),      # manager of 課B1
    user("a1", "ou-11"), user("a2", "ou-111"), user("a3", "ou-11"),
    user("b1", "ou-12"), user("b2", "ou-12"),
    user("c1", "ou-21"), user("c2", "ou-21"),
]


class Case(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.count = 0

    def snapshot(self, users, groups, taken="2026-04-01T06:00:00+09:00", units=UNITS, transfers=None):
        self.count += 1
        d = os.path.join(self.tmp.name, f"s{self.count}")
        os.makedirs(d)
        for name, key, items in (("users.json", "users", users), ("orgunits.json", "orgUnits", units),
                                 ("groups.json", "groups", groups)):
            with open(os.path.join(d, name), "w", encoding="utf-8") as fh:
                json.dump({key: items, "responseMetaData": {"nextCursor": None}}, fh, ensure_ascii=False)
        if taken is not None:
            with open(os.path.join(d, "snapshot.json"), "w", encoding="utf-8") as fh:
                json.dump({"takenAt": taken}, fh)
        if transfers is not None:
            with open(os.path.join(d, "transfers.csv"), "w", encoding="utf-8") as fh:
                fh.write("userId,effectiveDate,fromOrgUnitId,toOrgUnitId\n")
                for row in transfers:
                    fh.write(",".join(row) + "\n")
        return d

    def run_oracle(self, *dirs, **cfg):
        return oracle.analyse(list(dirs), oracle.Config(**cfg))

    def keys(self, doc, index=-1, rule=None, gid=None):
        return {(f["rule"], f["group"], f["subject"]) for f in doc["snapshots"][index]["findings"]
                if (rule is None or f["rule"] == rule) and (gid is None or f["group"] == gid)}

    def one(self, users, groups, **cfg):
        return self.run_oracle(self.snapshot(users, groups), **cfg)


class NotPublic(Case):
    def test_visible_false_fires_absent_and_true_do_not(self):
        g_false = group("g1", ["boss11", "a1"], ["a1"], visible=False)
        g_absent = group("g2", ["boss11", "a1"], ["a1"])
        del g_absent["visible"]
        g_true = group("g3", ["boss11", "a1"], ["a1"])
        doc = self.one(BASE_USERS, [g_false, g_absent, g_true])
        self.assertEqual(self.keys(doc, rule="not-public"), {("not-public", "g1", "")})


class NoManager(Case):
    def test_staff_only_group_fires(self):
        doc = self.one(BASE_USERS, [group("g1", ["a1", "a3"], ["a2"])])
        self.assertIn(("no-manager", "g1", ""), self.keys(doc))

    def test_manager_only_through_orgunit_member(self):
        # boss11's primary unit ou-11 is a descendant of ou-1.
        doc = self.one(BASE_USERS, [group("g1", ["a1", "a3"], ["a2"], units=["ou-1"])])
        self.assertNotIn(("no-manager", "g1", ""), self.keys(doc))

    def test_orgunit_member_does_not_reach_ancestors(self):
        doc = self.one(BASE_USERS, [group("g1", ["a1", "a3"], ["a2"], units=["ou-111"])])
        self.assertIn(("no-manager", "g1", ""), self.keys(doc))

    def test_orgunit_member_uses_primary_unit_only(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss21"] + [
            user("k", "ou-12", "主事", False, extra=[("ou-21", "課長", True)])]
        # k is 課長 of 課B1 only by a concurrent post; ORGUNIT ou-21 does not reach k.
        doc = self.one(users, [group("g1", ["c1", "c2"], [], units=["ou-21"]),
                               group("g2", ["c1", "c2"], ["k"])])
        self.assertIn(("no-manager", "g1", ""), self.keys(doc))  # boss21 absent, k not reached
        self.assertNotIn(("no-manager", "g2", ""), self.keys(doc))

    def test_position_in_list_counts_without_is_manager(self):
        users = BASE_USERS + [user("h", "ou-11", "課長補佐", False)]
        doc = self.one(users, [group("g1", ["a1", "a3"], ["h"])])
        self.assertNotIn(("no-manager", "g1", ""), self.keys(doc))

    def test_is_manager_must_be_json_true_and_position_exact(self):
        users = BASE_USERS + [user("s", "ou-11", "係長", "true"), user("t", "ou-11", "課長 ", False),
                              user("v", "ou-11", "担当課長", 1)]
        doc = self.one(users, [group("g1", ["a1", "a3"], ["s", "t", "v"])])
        self.assertIn(("no-manager", "g1", ""), self.keys(doc))

    def test_is_manager_true_counts_whatever_the_position(self):
        users = BASE_USERS + [user("s", "ou-111", "係長", True)]
        doc = self.one(users, [group("g1", ["a1", "a3"], ["s"])])
        self.assertNotIn(("no-manager", "g1", ""), self.keys(doc))

    def test_inactive_or_unknown_manager_does_not_count(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss11"] + [
            user("boss11", "ou-11", "課長", True, isSuspended=True)]
        doc = self.one(users, [group("g1", ["a1", "a3"], ["boss11"]), group("g2", ["a1", "a3"], ["ghost"])])
        self.assertIn(("no-manager", "g1", ""), self.keys(doc))
        self.assertIn(("no-manager", "g2", ""), self.keys(doc))

    def test_flags_count_only_when_json_true(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss11"] + [
            user("boss11", "ou-11", "課長", True, isSuspended="true", isDeleted=1, isPending=None)]
        doc = self.one(users, [group("g1", ["a1", "a3"], ["boss11"])])
        self.assertNotIn(("no-manager", "g1", ""), self.keys(doc))
        self.assertNotIn(("inactive-member", "g1", "boss11"), self.keys(doc))

    def test_manager_through_nested_group_and_master_of_nested_group(self):
        groups = [group("g1", ["a1", "a3"], ["a2"], groups=["g2"]),
                  group("g2", ["boss12", "b1"], ["b2"]),
                  group("g3", ["a1", "a3"], ["a2"], groups=["g4"]),
                  group("g4", ["b1", "b2"], [])]
        doc = self.one(BASE_USERS, groups)
        self.assertNotIn(("no-manager", "g1", ""), self.keys(doc))  # boss12 is a master of g2
        self.assertIn(("no-manager", "g3", ""), self.keys(doc))

    def test_group_cycle_shares_membership(self):
        groups = [group("gA", ["a1", "a3"], ["a2"], groups=["gB"]),
                  group("gB", ["b1", "b2"], ["boss12"], groups=["gA"]),
                  group("gC", ["a1", "a3"], [], groups=["gD"]),
                  group("gD", ["c1", "c2"], [], groups=["gC", "nowhere"])]
        doc = self.one(BASE_USERS, groups)
        self.assertNotIn(("no-manager", "gA", ""), self.keys(doc))
        self.assertNotIn(("no-manager", "gB", ""), self.keys(doc))
        self.assertIn(("no-manager", "gC", ""), self.keys(doc))
        self.assertIn(("no-manager", "gD", ""), self.keys(doc))
        snap = oracle.Snapshot(self.snapshot(BASE_USERS, groups), oracle.Config())
        self.assertEqual(snap.effective_members("gA"), snap.effective_members("gB"))
        self.assertEqual(snap.effective_members("gA"), {"a1", "a2", "a3", "b1", "b2", "boss12"})


class MissingDepartmentManager(Case):
    def test_fires_for_the_uncovered_department(self):
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "a1"], ["c1", "b1", "boss12"])])
        self.assertEqual(self.keys(doc, rule="missing-department-manager"),
                         {("missing-department-manager", "g1", "ou-21")})

    def test_concurrent_post_manager_covers_second_department(self):
        users = BASE_USERS + [user("k", "ou-11", "課長", True, extra=[("ou-21", "課長", True)])]
        doc = self.one(users, [group("g1", ["k", "a1"], ["c1"])])
        self.assertEqual(self.keys(doc, rule="missing-department-manager"), set())

    def test_concurrent_post_as_staff_does_not_cover(self):
        users = BASE_USERS + [user("k", "ou-11", "課長", True, extra=[("ou-21", "主査", False)])]
        doc = self.one(users, [group("g1", ["k", "a1"], ["c1"])])
        self.assertEqual(self.keys(doc, rule="missing-department-manager"),
                         {("missing-department-manager", "g1", "ou-21")})

    def test_bucho_in_bu_unit_covers_only_the_bu(self):
        users = BASE_USERS + [user("bucho", "ou-1", "部長", True)]
        doc = self.one(users, [group("g1", ["bucho", "a1"], ["a2"])])
        self.assertNotIn(("no-manager", "g1", ""), self.keys(doc))
        self.assertEqual(self.keys(doc, rule="missing-department-manager"),
                         {("missing-department-manager", "g1", "ou-11")})

    def test_not_when_no_manager_fires(self):
        doc = self.one(BASE_USERS, [group("g1", ["a1", "b1"], ["c1"])])
        self.assertIn(("no-manager", "g1", ""), self.keys(doc))
        self.assertEqual(self.keys(doc, rule="missing-department-manager"), set())

    def test_inactive_members_bring_no_department(self):
        users = BASE_USERS + [user("gone", "ou-21", isSuspended=True)]
        doc = self.one(users, [group("g1", ["boss11", "a1"], ["gone", "ghost"])])
        self.assertEqual(self.keys(doc, rule="missing-department-manager"), set())

    def test_departments_through_orgunit_member(self):
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "a1"], [], units=["ou-12"])])
        self.assertEqual(self.keys(doc, rule="missing-department-manager"), set())  # boss12 comes along
        users = [u for u in BASE_USERS if u["userId"] != "boss12"]
        doc = self.one(users, [group("g1", ["boss11", "a1"], [], units=["ou-12"])])
        self.assertEqual(self.keys(doc, rule="missing-department-manager"),
                         {("missing-department-manager", "g1", "ou-12")})

    def test_department_level_three(self):
        # With level 3, 係 ou-111 is its own department and a2 is in it.
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "a1"], ["a2"])], department_level=3)
        self.assertEqual(self.keys(doc, rule="missing-department-manager"),
                         {("missing-department-manager", "g1", "ou-111")})
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "a1"], ["a2"])])
        self.assertEqual(self.keys(doc, rule="missing-department-manager"), set())


class Masters(Case):
    def test_single_master_with_duplicate_entries(self):
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "boss11"], ["a1"]),
                                    group("g2", ["boss11", "a1"], ["a1", "a1"])])
        self.assertIn(("single-master", "g1", ""), self.keys(doc))
        self.assertEqual(self.keys(doc, gid="g2"), set())

    def test_suspended_deleted_pending_unknown_masters(self):
        users = BASE_USERS + [user("s", "ou-11", isSuspended=True), user("d", "ou-11", isDeleted=True),
                              user("p", "ou-11", isPending=True)]
        groups = [group("g1", ["s"], ["boss11"]), group("g2", ["d", "p", "ghost"], ["boss11"]),
                  group("g3", ["s", "a1"], ["boss11"])]
        doc = self.one(users, groups)
        self.assertIn(("no-active-master", "g1", ""), self.keys(doc))
        self.assertIn(("no-active-master", "g2", ""), self.keys(doc))
        self.assertNotIn(("single-master", "g1", ""), self.keys(doc))
        self.assertIn(("single-master", "g3", ""), self.keys(doc))
        self.assertNotIn(("no-active-master", "g3", ""), self.keys(doc))

    def test_leave_of_absence_is_still_active(self):
        users = BASE_USERS + [user("l", "ou-11", leaveOfAbsence={"isLeaveOfAbsence": True})]
        doc = self.one(users, [group("g1", ["l", "boss11"], ["a1"])])
        self.assertEqual(self.keys(doc, gid="g1"), set())


class InactiveMember(Case):
    def test_direct_members_and_masters_only_one_each(self):
        users = BASE_USERS + [user("s", "ou-11", isSuspended=True), user("t", "ou-11", isSuspended=True),
                              user("x", "ou-11", isSuspended=True)]
        groups = [group("g1", ["boss11", "a1", "s"], ["s", "ghost"], units=["ou-11"], groups=["g2"]),
                  group("g2", ["boss11", "a1"], ["t"])]
        doc = self.one(users, groups)
        self.assertEqual(self.keys(doc, rule="inactive-member", gid="g1"),
                         {("inactive-member", "g1", "s"), ("inactive-member", "g1", "ghost")})
        self.assertEqual(self.keys(doc, rule="inactive-member", gid="g2"), {("inactive-member", "g2", "t")})


class EmptyGroup(Case):
    def test_only_no_manager_and_no_active_master(self):
        doc = self.one(BASE_USERS, [group("g1", [], [], visible=False)])
        self.assertEqual(self.keys(doc), {("no-manager", "g1", ""), ("no-active-master", "g1", "")})

    def test_group_with_an_empty_orgunit_is_not_empty(self):
        doc = self.one(BASE_USERS, [group("g1", [], [], units=["ou-nowhere"], visible=False)])
        self.assertIn(("not-public", "g1", ""), self.keys(doc))


class HomeDepartments(Case):
    def test_masters_decide_then_largest_member_departments_with_ties(self):
        users = BASE_USERS + [user("s", "ou-11", isSuspended=True)]
        groups = [group("g1", ["a1", "c1"], ["b1", "b2"]),
                  group("g2", ["s"], ["a1", "a2", "c1", "c2", "b1"]),
                  group("g3", ["s"], ["a1", "a2", "a3", "c1", "c2"])]
        doc = self.one(users, groups)
        home = doc["snapshots"][0]["homeDepartments"]
        self.assertEqual(home["g1"], ["ou-11", "ou-21"])
        self.assertEqual(home["g2"], ["ou-11", "ou-21"])  # tie 2:2 (b1 alone in ou-12)
        self.assertEqual(home["g3"], ["ou-11"])


class PrimarySelection(Case):
    def test_primary_organization_and_unit(self):
        weird = {"userId": "w", "organizations": [
            {"primary": False, "orgUnits": [entry("ou-21")]},
            {"primary": True, "orgUnits": [entry("ou-21", primary=False), entry("ou-12", primary=True)]}]}
        unmarked = {"userId": "m", "organizations": [
            {"orgUnits": [entry("ou-21", primary=False), entry("ou-12", primary=False)]},
            {"orgUnits": [entry("ou-11")]}]}
        snap = oracle.Snapshot(self.snapshot(BASE_USERS + [weird, unmarked], []), oracle.Config())
        self.assertEqual(snap.primary_dept["w"], "ou-12")
        self.assertEqual(snap.primary_dept["m"], "ou-21")
        self.assertEqual(snap.department("ou-111"), "ou-11")
        self.assertEqual(snap.department("ou-1"), "ou-1")
        self.assertIsNone(snap.department("ou-unknown"))


def moved(users, uid, unit, pos="主事", mgr=False):
    return [u for u in users if u["userId"] != uid] + [user(uid, unit, pos, mgr)]


class Staleness(Case):
    G = [group("g1", ["boss11", "a3"], ["a1", "a2"]), group("g2", ["boss11", "a3"], ["a1"])]

    def months(self, transfers=None, after=None, may_groups=None, apr_groups=None):
        users2 = after or moved(BASE_USERS, "a1", "ou-21")
        s1 = self.snapshot(BASE_USERS, self.G, "2026-03-01T06:00:00+09:00")
        s2 = self.snapshot(users2, apr_groups or self.G, "2026-04-01T06:00:00+09:00", transfers=transfers)
        s3 = self.snapshot(users2, may_groups or apr_groups or self.G, "2026-05-01T06:00:00+09:00")
        return self.run_oracle(s1, s2, s3)

    def test_transfer_without_csv_fires_after_exactly_thirty_days(self):
        doc = self.months()
        self.assertEqual(self.keys(doc, 1, "stale-after-transfer"), set())
        self.assertEqual(self.keys(doc, 2, "stale-after-transfer"),
                         {("stale-after-transfer", "g1", "a1"), ("stale-after-transfer", "g2", "a1")})

    def test_csv_date_wins(self):
        doc = self.months(transfers=[("a1", "2026-04-02", "ou-11", "ou-21")])
        self.assertEqual(self.keys(doc, 2, "stale-after-transfer"), set())  # 29 d 6 h
        doc = self.months(transfers=[("a1", "2026-03-15")])
        self.assertEqual(len(self.keys(doc, 2, "stale-after-transfer")), 2)

    def test_csv_row_for_a_move_inside_the_department_is_no_transfer(self):
        doc = self.months(after=moved(BASE_USERS, "a1", "ou-111"), transfers=[("a1", "2026-03-01")])
        self.assertEqual(self.keys(doc, 2, "stale-after-transfer"), set())

    def test_group_edited_after_transfer_does_not_fire(self):
        may = [group("g1", ["boss11", "a3"], ["a1", "a2", "a3"]), group("g2", ["boss11", "a3"], ["a1"],
                                                                           units=["ou-12"], visible=False)]
        doc = self.months(may_groups=may)
        self.assertEqual(self.keys(doc, 2, "stale-after-transfer"), {("stale-after-transfer", "g2", "a1")})

    def test_edit_already_in_the_transfer_snapshot_is_not_seen(self):
        apr = [group("g1", ["boss11", "a3"], ["a1"]), group("g2", ["boss11", "a3"], ["a1"])]
        doc = self.months(apr_groups=apr)
        self.assertIn(("stale-after-transfer", "g1", "a1"), self.keys(doc, 2))

    def test_member_added_after_transfer_does_not_fire(self):
        g = [group("g1", ["boss11", "a3"], ["a2"])]
        s1 = self.snapshot(BASE_USERS, g, "2026-03-01T06:00:00+09:00")
        later = [group("g1", ["boss11", "a3"], ["a1", "a2"])]
        users2 = moved(BASE_USERS, "a1", "ou-21")
        s2 = self.snapshot(users2, later, "2026-04-01T06:00:00+09:00")
        s3 = self.snapshot(users2, later, "2026-05-10T06:00:00+09:00")
        self.assertEqual(self.keys(self.run_oracle(s1, s2, s3), 2, "stale-after-transfer"), set())

    def test_master_counts_and_group_must_exist_throughout(self):
        g = [group("g1", ["a1", "a3"], ["boss11"])]
        users2 = moved(BASE_USERS, "a1", "ou-21")
        s1 = self.snapshot(BASE_USERS, g, "2026-03-01T06:00:00+09:00")
        s2 = self.snapshot(users2, g, "2026-04-01T06:00:00+09:00")
        s3 = self.snapshot(users2, [], "2026-05-01T06:00:00+09:00")
        s4 = self.snapshot(users2, g, "2026-06-01T06:00:00+09:00")
        doc = self.run_oracle(s1, s2, s3, s4)
        self.assertEqual(self.keys(doc, 3, "stale-after-transfer"), set())
        s3b = self.snapshot(users2, g, "2026-05-01T06:00:00+09:00")
        doc = self.run_oracle(s1, s2, s3b)
        self.assertEqual(self.keys(doc, 2, "stale-after-transfer"), {("stale-after-transfer", "g1", "a1")})

    def test_most_recent_transfer_counts(self):
        users3 = moved(BASE_USERS, "a1", "ou-12")
        users4 = moved(BASE_USERS, "a1", "ou-21")
        s1 = self.snapshot(BASE_USERS, self.G, "2026-02-01T06:00:00+09:00")
        s2 = self.snapshot(users3, self.G, "2026-03-01T06:00:00+09:00")
        s3 = self.snapshot(users4, self.G, "2026-04-01T06:00:00+09:00")
        s4 = self.snapshot(users4, self.G, "2026-05-01T06:00:00+09:00")
        doc = self.run_oracle(s1, s2, s3, s4)
        self.assertEqual(self.keys(doc, 2, "stale-after-transfer"), set())  # March transfer superseded
        self.assertEqual(len(self.keys(doc, 3, "stale-after-transfer")), 2)

    def test_leaver_and_hire_are_not_transfers(self):
        s1 = self.snapshot(BASE_USERS, self.G, "2026-03-01T06:00:00+09:00")
        gone = [u for u in BASE_USERS if u["userId"] != "a1"]
        s2 = self.snapshot(gone, self.G, "2026-04-01T06:00:00+09:00")
        s3 = self.snapshot(moved(BASE_USERS, "a1", "ou-21"), self.G, "2026-05-01T06:00:00+09:00")
        s4 = self.snapshot(moved(BASE_USERS, "a1", "ou-21"), self.G, "2026-06-01T06:00:00+09:00")
        doc = self.run_oracle(s1, s2, s3, s4)
        self.assertEqual(self.keys(doc, 3, "stale-after-transfer"), set())

    def test_grace_days_configurable(self):
        s1 = self.snapshot(BASE_USERS, self.G, "2026-03-01T06:00:00+09:00")
        s2 = self.snapshot(moved(BASE_USERS, "a1", "ou-21"), self.G, "2026-04-01T06:00:00+09:00",
                           transfers=[("a1", "2026-03-20")])
        doc = self.run_oracle(s1, s2, grace_days=10)
        self.assertEqual(len(self.keys(doc, 1, "stale-after-transfer")), 2)


class Lifecycle(Case):
    def test_new_open_resolved_reopened_and_disappearing_group(self):
        pub = group("g1", ["boss11", "a1"], ["a2"])
        priv = dict(pub, visible=False)
        other = group("g2", ["boss11"], ["a2"])
        s1 = self.snapshot(BASE_USERS, [priv, other], "2026-02-01T06:00:00+09:00")
        s2 = self.snapshot(BASE_USERS, [priv], "2026-03-01T06:00:00+09:00")
        s3 = self.snapshot(BASE_USERS, [pub, other], "2026-04-01T06:00:00+09:00")
        s4 = self.snapshot(BASE_USERS, [priv, other], "2026-05-01T06:00:00+09:00")
        doc = self.run_oracle(s1, s2, s3, s4)
        status = [{(f["rule"], f["group"]): (f["status"], f["firstSeen"]) for f in s["findings"]}
                  for s in doc["snapshots"]]
        self.assertEqual(status[0], {("not-public", "g1"): ("new", "2026-02-01"),
                                     ("single-master", "g2"): ("new", "2026-02-01")})
        self.assertEqual(status[1], {("not-public", "g1"): ("open", "2026-02-01")})
        self.assertEqual(doc["snapshots"][1]["resolved"], [{"rule": "single-master", "group": "g2", "subject": ""}])
        self.assertEqual(status[2], {("single-master", "g2"): ("reopened", "2026-02-01")})
        self.assertEqual(status[3], {("not-public", "g1"): ("reopened", "2026-02-01"),
                                     ("single-master", "g2"): ("open", "2026-02-01")})
        self.assertEqual(doc["snapshots"][3]["statusCounts"], {"new": 0, "open": 1, "reopened": 1, "resolved": 0})
        self.assertEqual(doc["snapshots"][2]["counts"]["single-master"], 1)
        self.assertEqual(set(doc["snapshots"][0]["counts"]), set(oracle.RULES))


class TimeZone(Case):
    def test_taken_at_without_offset_and_period_in_zone(self):
        s1 = self.snapshot(BASE_USERS, [], "2026-03-31T20:00:00Z")
        s2 = self.snapshot(BASE_USERS, [], "2026-05-01T06:00:00")
        doc = self.run_oracle(s1, s2)
        self.assertEqual(doc["snapshots"][0]["period"], "2026-04")
        self.assertEqual(doc["snapshots"][0]["takenAt"], "2026-04-01T05:00:00+09:00")
        self.assertEqual(doc["snapshots"][1]["takenAt"], "2026-05-01T06:00:00+09:00")

    def test_mtime_when_no_snapshot_json(self):
        d = self.snapshot(BASE_USERS, [], taken=None)
        os.utime(os.path.join(d, "groups.json"), (1775000000, 1775000000))
        for name in ("users.json", "orgunits.json"):
            os.utime(os.path.join(d, name), (1770000000, 1770000000))
        doc = self.run_oracle(d)
        self.assertEqual(doc["snapshots"][0]["takenAt"], "2026-04-01T08:33:20+09:00")


class CommandLine(Case):
    def test_main_prints_json(self):
        d = self.snapshot(BASE_USERS, [group("g1", ["boss11"], ["a1"])])
        buf = io.StringIO()
        with redirect_stdout(buf):
            rc = oracle.main(["--positions", "課長", d])
        self.assertEqual(rc, 0)
        doc = json.loads(buf.getvalue())
        self.assertEqual(doc["snapshots"][0]["counts"]["single-master"], 1)

    def test_bad_input_exits_65(self):
        d = self.snapshot(BASE_USERS, [])
        with open(os.path.join(d, "users.json"), "w") as fh:
            fh.write('{"users": [')
        with redirect_stderr(io.StringIO()) as err:
            self.assertEqual(oracle.main([d]), 65)
        self.assertIn("users.json", err.getvalue())


class SampleDataExpected(unittest.TestCase):
    """SampleData/expected.json must be what the oracle says about SampleData (regenerate otherwise)."""

    def test_expected_json_is_current(self):
        root = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "SampleData")
        path = os.path.join(root, "expected.json")
        if not os.path.exists(path):
            self.skipTest("no SampleData/expected.json")
        with open(path, encoding="utf-8") as fh:
            expected = json.load(fh)
        months = [s["dir"].split("/")[-1] for s in expected["snapshots"]]
        doc = oracle.analyse([os.path.join(root, m) for m in months], oracle.Config(),
                             labels=[s["dir"] for s in expected["snapshots"]])
        self.assertEqual(doc["snapshots"], expected["snapshots"],
                         "run python3 scripts/gen-sampledata.py to regenerate SampleData")


if __name__ == "__main__":
    unittest.main()
