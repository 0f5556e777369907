"""Hand-made cases for scripts/oracle.py: each rule firing and its near-miss (SPEC revision 2).

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


def entry(unit, pos="主事", mgr=False, primary=True, team=None):
    """One orgUnits entry; `team` given: its useTeamFeature value (absent otherwise)."""
    rec = {"orgUnitId": unit, "primary": primary, "positionName": pos, "isManager": mgr}
    if team is not None:
        rec["useTeamFeature"] = team
    return rec


def user(uid, unit, pos="主事", mgr=False, extra=(), team=None, **flags):
    """A user whose primary org unit is `unit`; `extra` are further (兼務) entries
    (unit, pos, mgr[, useTeamFeature]); `team` is the primary entry's useTeamFeature."""
    units = [entry(unit, pos, mgr, team=team)] + [entry(*e[:3], primary=False, team=(e[3] if len(e) > 3 else None))
                                                  for e in extra]
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

    def find(self, doc, rule, gid, subject="", index=-1):
        """The finding itself (with `near`), or None."""
        return next((f for f in doc["snapshots"][index]["findings"]
                     if (f["rule"], f["group"], f["subject"]) == (rule, gid, subject)), None)


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

    def test_orgunit_member_reaches_concurrent_posts(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss21"] + [
            user("k", "ou-12", "主事", False, extra=[("ou-21", "課長", True)])]
        # k is 課長 of 課B1 only by a concurrent post (兼務); rev. 2: ORGUNIT ou-21 reaches k through it.
        doc = self.one(users, [group("g1", ["c1", "c2"], [], units=["ou-21"]),
                               group("g2", ["c1", "c2"], ["k"])])
        self.assertNotIn(("no-manager", "g1", ""), self.keys(doc))
        self.assertNotIn(("no-manager", "g2", ""), self.keys(doc))
        snap = oracle.Snapshot(self.snapshot(users, [group("g1", ["c1", "c2"], [], units=["ou-21"])]),
                               oracle.Config())
        self.assertEqual(snap.effective_members("g1"), {"c1", "c2", "k"})

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
                  group("g4", ["b1", "b2"], ["boss12"])]
        doc = self.one(BASE_USERS, groups)
        # rev. 2: boss12 is only a master of g2, so not in g1's talk; a member of g4 is in g3's.
        self.assertIn(("no-manager", "g1", ""), self.keys(doc))
        self.assertNotIn(("no-manager", "g3", ""), self.keys(doc))
        # boss12 is a master of g2, not of g1: g1's finding names nobody near.
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [])
        # The first revision's reading: every reachable group's masters join its membership.
        doc = self.one(BASE_USERS, groups, masters_are_members=True)
        self.assertNotIn(("no-manager", "g1", ""), self.keys(doc))

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
        d = self.snapshot(BASE_USERS, groups)
        snap = oracle.Snapshot(d, oracle.Config())
        self.assertEqual(snap.effective_members("gA"), snap.effective_members("gB"))
        self.assertEqual(snap.effective_members("gA"), {"a2", "boss12"})   # masters are not members
        snap = oracle.Snapshot(d, oracle.Config(masters_are_members=True))
        self.assertEqual(snap.effective_members("gA"), snap.effective_members("gB"))
        self.assertEqual(snap.effective_members("gA"), {"a1", "a2", "a3", "b1", "b2", "boss12"})


class MissingDepartmentManager(Case):
    def test_fires_for_the_uncovered_department(self):
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "a1"], ["c1", "b1", "boss12"])])
        self.assertEqual(self.keys(doc, rule="missing-department-manager"),
                         {("missing-department-manager", "g1", "ou-21")})

    def test_concurrent_post_manager_covers_second_department(self):
        users = BASE_USERS + [user("k", "ou-11", "課長", True, extra=[("ou-21", "課長", True)])]
        doc = self.one(users, [group("g1", ["k", "a1"], ["k", "c1"])])
        self.assertEqual(self.keys(doc, gid="g1"), set())

    def test_concurrent_post_as_staff_does_not_cover(self):
        users = BASE_USERS + [user("k", "ou-11", "課長", True, extra=[("ou-21", "主査", False)])]
        doc = self.one(users, [group("g1", ["k", "a1"], ["k", "c1"])])
        self.assertEqual(self.keys(doc, rule="missing-department-manager"),
                         {("missing-department-manager", "g1", "ou-21")})

    def test_bucho_in_bu_unit_covers_only_the_bu(self):
        users = BASE_USERS + [user("bucho", "ou-1", "部長", True)]
        doc = self.one(users, [group("g1", ["bucho", "a1"], ["bucho", "a2"])])
        self.assertNotIn(("no-manager", "g1", ""), self.keys(doc))
        self.assertEqual(self.keys(doc, rule="missing-department-manager"),
                         {("missing-department-manager", "g1", "ou-11")})

    def test_not_when_no_manager_fires(self):
        doc = self.one(BASE_USERS, [group("g1", ["a1", "b1"], ["c1"])])
        self.assertIn(("no-manager", "g1", ""), self.keys(doc))
        self.assertEqual(self.keys(doc, rule="missing-department-manager"), set())

    def test_inactive_members_bring_no_department(self):
        users = BASE_USERS + [user("gone", "ou-21", isSuspended=True)]
        doc = self.one(users, [group("g1", ["boss11", "a1"], ["boss11", "gone", "ghost"])])
        self.assertNotIn(("no-manager", "g1", ""), self.keys(doc))
        self.assertEqual(self.keys(doc, rule="missing-department-manager"), set())

    def test_departments_through_orgunit_member(self):
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "a1"], ["boss11"], units=["ou-12"])])
        self.assertEqual(self.keys(doc, rule="missing-department-manager"), set())  # boss12 comes along
        users = [u for u in BASE_USERS if u["userId"] != "boss12"]
        doc = self.one(users, [group("g1", ["boss11", "a1"], ["boss11"], units=["ou-12"])])
        self.assertEqual(self.keys(doc, rule="missing-department-manager"),
                         {("missing-department-manager", "g1", "ou-12")})

    def test_department_level_three(self):
        # With level 3, 係 ou-111 is its own department and a2 is in it.
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "a1"], ["boss11", "a2"])], department_level=3)
        self.assertEqual(self.keys(doc, rule="missing-department-manager"),
                         {("missing-department-manager", "g1", "ou-111")})
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "a1"], ["boss11", "a2"])])
        self.assertEqual(self.keys(doc, rule="missing-department-manager"), set())


class Masters(Case):
    def test_single_master_with_duplicate_entries(self):
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "boss11"], ["a1"]),
                                    group("g2", ["boss11", "a1"], ["a1", "a1", "boss11"])])
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
        doc = self.one(users, [group("g1", ["l", "boss11"], ["a1", "l", "boss11"])])
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
        pub = group("g1", ["boss11", "a1"], ["boss11", "a2"])
        priv = dict(pub, visible=False)
        other = group("g2", ["boss11"], ["boss11", "a2"])
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


class Awaiting(Case):
    """2.2 rev. 2: isAwaiting (待機中) true is inactive; only JSON true counts."""

    def test_awaiting_direct_member_is_inactive(self):
        users = BASE_USERS + [user("w", "ou-11", isAwaiting=True), user("f", "ou-11", isAwaiting=False),
                              user("s", "ou-11", isAwaiting="true")]
        doc = self.one(users, [group("g1", ["boss11", "a1"], ["boss11", "w", "f", "s"])])
        self.assertEqual(self.keys(doc, gid="g1"), {("inactive-member", "g1", "w")})

    def test_awaiting_master_and_manager(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss11"] + [
            user("boss11", "ou-11", "課長", True, isAwaiting=True), user("w", "ou-11", isAwaiting=True)]
        doc = self.one(users, [group("g1", ["w", "a1"], ["boss11", "a1"]),
                               group("g2", ["a3", "a1"], ["a2"], units=["ou-11"])])
        self.assertEqual(self.keys(doc, gid="g1"), {("inactive-member", "g1", "w"), ("inactive-member", "g1", "boss11"),
                                                    ("no-manager", "g1", ""), ("single-master", "g1", "")})
        # Reached only through the ORGUNIT member: not reported, and not a manager.
        self.assertEqual(self.keys(doc, gid="g2"), {("no-manager", "g2", "")})
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [])   # inactive: never near


class Leave(Case):
    """2.2 rev. 2: a manager on leave does not count (managers.count_on_leave); leave is not inactive."""

    @staticmethod
    def on_leave(value=True):
        return {"isLeaveOfAbsence": value, "startTime": "2026-01-01T00:00:00+09:00", "endTime": None}

    def users(self, leave):
        return [u for u in BASE_USERS if u["userId"] != "boss11"] + [
            user("boss11", "ou-11", "課長", True, leaveOfAbsence=leave)]

    def test_only_manager_member_on_leave_fires_with_near(self):
        doc = self.one(self.users(self.on_leave()), [group("g1", ["a1", "a3"], ["boss11", "a2"])])
        self.assertEqual(self.keys(doc, gid="g1"), {("no-manager", "g1", "")})   # no inactive-member
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [{"user": "boss11", "why": "on-leave"}])

    def test_leave_that_is_not_json_true_counts(self):
        for leave in (self.on_leave(False), self.on_leave("true"), self.on_leave(1), self.on_leave(None),
                      {"startTime": "2026-01-01T00:00:00+09:00"}, True, "休職", None):
            with self.subTest(leave=leave):
                doc = self.one(self.users(leave), [group("g1", ["a1", "a3"], ["boss11", "a2"])])
                self.assertEqual(self.keys(doc, gid="g1"), set())

    def test_count_on_leave_flag(self):
        g = [group("g1", ["a1", "a3"], ["boss11", "a2"])]
        doc = self.one(self.users(self.on_leave()), g, count_on_leave=True)
        self.assertEqual(self.keys(doc, gid="g1"), set())

    def test_master_on_leave_is_an_active_master(self):
        users = BASE_USERS + [user("l", "ou-11", leaveOfAbsence=self.on_leave())]
        doc = self.one(users, [group("g1", ["l"], ["boss11", "a1"]), group("g2", ["l", "a1"], ["boss11", "l"])])
        self.assertEqual(self.keys(doc), {("single-master", "g1", "")})
        self.assertEqual(self.run_oracle(self.snapshot(users, [group("g1", ["l"], ["a1"])]))
                         ["snapshots"][0]["homeDepartments"]["g1"], ["ou-11"])

    def test_missing_department_manager_on_leave(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss21"] + [
            user("boss21", "ou-21", "課長", True, leaveOfAbsence=self.on_leave())]
        g = [group("g1", ["boss11", "a1"], ["boss11", "c1", "boss21"])]
        doc = self.one(users, g)
        self.assertEqual(self.keys(doc, gid="g1"), {("missing-department-manager", "g1", "ou-21")})
        self.assertEqual(self.find(doc, "missing-department-manager", "g1", "ou-21")["near"],
                         [{"user": "boss21", "why": "on-leave"}])
        self.assertEqual(self.keys(self.one(users, g, count_on_leave=True), gid="g1"), set())

    def test_on_leave_manager_of_another_department_is_not_near_for_d(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss12"] + [
            user("boss12", "ou-12", "課長", True, leaveOfAbsence=self.on_leave())]
        doc = self.one(users, [group("g1", ["boss11", "a1"], ["boss11", "c1", "boss12"])])
        # boss12 on leave: ou-12 still a member department without a manager; ou-21 too.
        self.assertEqual(self.find(doc, "missing-department-manager", "g1", "ou-21")["near"], [])
        self.assertEqual(self.find(doc, "missing-department-manager", "g1", "ou-12")["near"],
                         [{"user": "boss12", "why": "on-leave"}])

    def test_on_leave_not_in_the_group_is_not_near(self):
        doc = self.one(self.users(self.on_leave()), [group("g1", ["a1", "a3"], ["a2"])])
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [])


class MastersAreNotMembers(Case):
    """2.3 rev. 2: a master is not an effective member (membership.masters_are_members)."""

    def test_manager_only_master_fires_with_near(self):
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "a1"], ["a1", "a2"])])
        self.assertEqual(self.keys(doc, gid="g1"), {("no-manager", "g1", "")})
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [{"user": "boss11", "why": "master-not-member"}])

    def test_manager_master_and_member_is_no_finding(self):
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "a1"], ["boss11", "a1", "a2"])])
        self.assertEqual(self.keys(doc, gid="g1"), set())

    def test_masters_are_members_flag(self):
        g = [group("g1", ["boss11", "a1"], ["a1", "a2"]), group("g2", ["boss11", "boss21"], [])]
        doc = self.one(BASE_USERS, g, masters_are_members=True)
        self.assertEqual(self.keys(doc), set())

    def test_masters_only_group(self):
        users = BASE_USERS + [user("s", "ou-21", isSuspended=True)]
        g = [group("g1", ["boss11", "c1", "boss21", "s"], [])]
        doc = self.one(users, g)
        self.assertEqual(self.keys(doc), {("no-manager", "g1", ""), ("inactive-member", "g1", "s")})
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"],
                         [{"user": "boss11", "why": "master-not-member"}, {"user": "boss21", "why": "master-not-member"}])
        # Masters decide the home departments although they are not members.
        self.assertEqual(doc["snapshots"][0]["homeDepartments"]["g1"], ["ou-11", "ou-21"])
        # With masters as members, the masters are the members: c1's 課 has boss21, so nothing.
        self.assertEqual(self.keys(self.one(users, g, masters_are_members=True)), {("inactive-member", "g1", "s")})

    def test_masters_only_staff_group_flag_gives_missing_department_manager(self):
        g = [group("g1", ["boss11", "c1"], [])]
        doc = self.one(BASE_USERS, g)
        self.assertEqual(self.keys(doc, rule="missing-department-manager"), set())
        doc = self.one(BASE_USERS, g, masters_are_members=True)
        self.assertEqual(self.keys(doc, rule="missing-department-manager"), {("missing-department-manager", "g1", "ou-21")})
        self.assertEqual(self.find(doc, "missing-department-manager", "g1", "ou-21")["near"], [])

    def test_other_departments_manager_only_master(self):
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "boss21"], ["boss11", "a1", "c1", "c2"])])
        self.assertEqual(self.keys(doc, gid="g1"), {("missing-department-manager", "g1", "ou-21")})
        self.assertEqual(self.find(doc, "missing-department-manager", "g1", "ou-21")["near"],
                         [{"user": "boss21", "why": "master-not-member"}])
        # Near miss: the same manager also a member.
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "boss21"], ["boss11", "boss21", "a1", "c1", "c2"])])
        self.assertEqual(self.keys(doc, gid="g1"), set())

    def test_master_of_another_department_is_not_near_for_d(self):
        doc = self.one(BASE_USERS, [group("g1", ["boss11", "boss12"], ["boss11", "a1", "c1"])])
        self.assertEqual(self.find(doc, "missing-department-manager", "g1", "ou-21")["near"], [])

    def test_inactive_master_is_not_near(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss11"] + [
            user("boss11", "ou-11", "課長", True, isSuspended=True)]
        doc = self.one(users, [group("g1", ["boss11", "a1"], ["a1"])])
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [])

    def test_master_of_a_nested_group_is_not_near(self):
        doc = self.one(BASE_USERS, [group("g1", ["a1", "a3"], ["a2"], groups=["g2"]), group("g2", ["boss12"], ["b1"])])
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [])
        self.assertEqual(self.find(doc, "no-manager", "g2")["near"], [{"user": "boss12", "why": "master-not-member"}])


class OrgUnitMembers(Case):
    """2.3 / 3.0 rev. 2: every post (兼務 included) in the unit and, by default, its sub-units;
    not a post with useTeamFeature false."""

    def test_manager_in_a_sub_unit_counts_by_default(self):
        users = BASE_USERS + [user("k", "ou-111", "係長", True)]
        g = [group("g1", ["a2", "a3"], [], units=["ou-11"]), group("g2", ["a1", "a3"], ["a1"], units=["ou-1"])]
        doc = self.one(users, g)
        self.assertEqual(self.keys(doc), set())
        doc = self.one(users, g, orgunit_includes_subunits=False)
        # g1: the 係長 (manager by isManager) sits in ou-111 below ou-11, and boss11 is in ou-11 itself.
        self.assertEqual(self.keys(doc, gid="g1"), set())
        # g2: only ou-1's own posts (nobody) plus a1: no manager.
        self.assertEqual(self.keys(doc, gid="g2"), {("no-manager", "g2", "")})
        snap = oracle.Snapshot(self.snapshot(users, g), oracle.Config(orgunit_includes_subunits=False))
        self.assertEqual(snap.effective_members("g1"), {"boss11", "a1", "a3"})

    def test_sub_unit_setting_decides_missing_department_manager(self):
        users = BASE_USERS + [user("bucho", "ou-1", "部長", True)]
        g = [group("g1", ["bucho", "a1"], ["a1"], units=["ou-1"])]
        self.assertEqual(self.keys(self.one(users, g)), set())
        doc = self.one(users, g, orgunit_includes_subunits=False)
        self.assertEqual(self.keys(doc), {("missing-department-manager", "g1", "ou-11")})
        self.assertEqual(self.find(doc, "missing-department-manager", "g1", "ou-11")["near"], [])

    def test_concurrent_manager_post_reached(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss21"] + [
            user("k", "ou-11", "課長", True, extra=[("ou-21", "課長", True)])]
        doc = self.one(users, [group("g1", ["c1", "c2"], [], units=["ou-21"])])
        self.assertEqual(self.keys(doc), set())   # k manages both ou-21 and ou-11

    def test_team_feature_off_post_does_not_bring_its_holder(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss21"] + [
            user("k", "ou-11", "課長", True, extra=[("ou-21", "課長", True, False)])]
        doc = self.one(users, [group("g1", ["c1", "c2"], [], units=["ou-21"])])
        self.assertEqual(self.keys(doc), {("no-manager", "g1", "")})
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [{"user": "k", "why": "team-feature-off"}])

    def test_team_feature_only_json_false(self):
        for value in (True, "false", 0, None):
            with self.subTest(value=value):
                users = [u for u in BASE_USERS if u["userId"] != "boss21"] + [
                    user("k", "ou-11", "課長", True, extra=[("ou-21", "課長", True, value)])]
                doc = self.one(users, [group("g1", ["c1", "c2"], [], units=["ou-21"])])
                self.assertEqual(self.keys(doc), set())

    def test_team_feature_off_on_the_primary_post(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss11"] + [user("boss11", "ou-11", "課長", True, team=False)]
        doc = self.one(users, [group("g1", ["a1", "a3"], [], units=["ou-11"])])
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [{"user": "boss11", "why": "team-feature-off"}])

    def test_team_feature_off_missing_department_manager(self):
        # 課B1's manager's only post has useTeamFeature false; boss11 is a direct member.
        users = [u for u in BASE_USERS if u["userId"] != "boss21"] + [user("boss21", "ou-21", "課長", True, team=False)]
        doc = self.one(users, [group("g1", ["boss11", "c1"], ["boss11"], units=["ou-21"])])
        self.assertEqual(self.keys(doc), {("missing-department-manager", "g1", "ou-21")})
        self.assertEqual(self.find(doc, "missing-department-manager", "g1", "ou-21")["near"],
                         [{"user": "boss21", "why": "team-feature-off"}])

    def test_one_post_off_another_on_in_the_subtree_is_a_member_once(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss11"] + [
            user("boss11", "ou-11", "課長", True, team=False, extra=[("ou-111", "係長", False)])]
        g = [group("g1", ["a1", "a3"], [], units=["ou-11"])]
        doc = self.one(users, g)
        self.assertEqual(self.keys(doc), set())
        snap = oracle.Snapshot(self.snapshot(users, g), oracle.Config())
        self.assertEqual(sorted(snap.effective_members("g1")), ["a1", "a2", "a3", "boss11"])
        # Without sub-units the ou-111 post is outside: only the team-off primary post is in ou-11.
        doc = self.one(users, g, orgunit_includes_subunits=False)
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [{"user": "boss11", "why": "team-feature-off"}])

    def test_team_feature_off_outside_the_unit_is_not_near(self):
        users = BASE_USERS + [user("k", "ou-21", "課長", True, extra=[("ou-111", "主事", False, False)])]
        g = [group("g1", ["a1", "a3"], [], units=["ou-111"]), group("g2", ["a1", "a3"], [], units=["ou-11"])]
        doc = self.one(users, g, orgunit_includes_subunits=False)
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [{"user": "k", "why": "team-feature-off"}])
        # g2 names ou-11: with sub-units off, k's ou-111 post is outside it (boss11 makes it pass anyway).
        snap = oracle.Snapshot(self.snapshot(users, g), oracle.Config(orgunit_includes_subunits=False))
        self.assertNotIn("k", snap.team_feature_off_reach("g2"))
        snap = oracle.Snapshot(self.snapshot(users, g), oracle.Config())
        self.assertIn("k", snap.team_feature_off_reach("g2"))

    def test_team_feature_off_through_a_nested_group(self):
        users = [u for u in BASE_USERS if u["userId"] != "boss21"] + [user("boss21", "ou-21", "課長", True, team=False)]
        doc = self.one(users, [group("g1", ["a1", "a3"], ["a1"], groups=["g2"]),
                               group("g2", ["c1", "c2"], [], units=["ou-21"])])
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [{"user": "boss21", "why": "team-feature-off"}])

    def test_posts_of_every_organization(self):
        k = {"userId": "k", "organizations": [
            {"primary": True, "orgUnits": [entry("ou-12")]},
            {"primary": False, "orgUnits": [entry("ou-21", "課長", True, primary=False)]}]}
        users = [u for u in BASE_USERS if u["userId"] != "boss21"] + [k]
        doc = self.one(users, [group("g1", ["c1", "c2"], [], units=["ou-21"])])
        self.assertNotIn(("no-manager", "g1", ""), self.keys(doc))


class Near(Case):
    """3.0 rev. 2: `near` on no-manager and missing-department-manager: precedence and shape."""

    def test_precedence_on_leave_then_master_then_team_feature(self):
        leave = {"isLeaveOfAbsence": True}
        users = BASE_USERS + [
            user("m1", "ou-11", "課長補佐", leaveOfAbsence=leave),                       # master on leave
            user("m2", "ou-11", "課長補佐", team=False),                                 # master and team-off
            user("m3", "ou-12", "課長補佐", team=False, leaveOfAbsence=leave),           # team-off on leave
            user("m4", "ou-12", "課長補佐", team=False),                                 # team-off only
            user("m5", "ou-11", "課長補佐", leaveOfAbsence=leave),                       # member on leave
            user("m6", "ou-21", "課長補佐", leaveOfAbsence=leave),                       # on leave, elsewhere
        ]
        g = group("g1", ["m1", "m2", "a1"], ["a1", "m5"], units=["ou-12"])
        others = [u for u in users if u["userId"] not in ("boss12",)]
        doc = self.one(others, [g])
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [
            {"user": "m1", "why": "on-leave"}, {"user": "m2", "why": "master-not-member"},
            {"user": "m3", "why": "on-leave"}, {"user": "m4", "why": "team-feature-off"},
            {"user": "m5", "why": "on-leave"}])
        # With masters as members m2 is counted (nothing fires); with count_on_leave m5 is.
        self.assertNotIn(("no-manager", "g1", ""), self.keys(self.one(others, [g], masters_are_members=True)))
        self.assertNotIn(("no-manager", "g1", ""), self.keys(self.one(others, [g], count_on_leave=True)))

    def test_masters_are_members_never_gives_master_not_member(self):
        leave = {"isLeaveOfAbsence": True}
        users = BASE_USERS + [user("m1", "ou-11", "課長補佐", leaveOfAbsence=leave)]
        doc = self.one(users, [group("g1", ["m1", "a1"], ["a2"])], masters_are_members=True)
        self.assertEqual(self.find(doc, "no-manager", "g1")["near"], [{"user": "m1", "why": "on-leave"}])

    def test_near_only_on_the_two_rules_and_empty_list_when_nobody(self):
        users = BASE_USERS + [user("s", "ou-11", isSuspended=True)]
        doc = self.one(users, [group("g1", ["a1"], ["a2", "s"], visible=False), group("g2", [], [])])
        for f in doc["snapshots"][0]["findings"]:
            if f["rule"] in ("no-manager", "missing-department-manager"):
                self.assertEqual(f["near"], [], f)
            else:
                self.assertNotIn("near", f)
        self.assertEqual(self.keys(doc, gid="g2"), {("no-manager", "g2", ""), ("no-active-master", "g2", "")})

    def test_near_survives_the_lifecycle(self):
        g = [group("g1", ["boss11", "a1"], ["a1"])]
        doc = self.run_oracle(self.snapshot(BASE_USERS, g, "2026-04-01T06:00:00+09:00"),
                              self.snapshot(BASE_USERS, g, "2026-05-01T06:00:00+09:00"))
        f = self.find(doc, "no-manager", "g1")
        self.assertEqual((f["status"], f["near"]), ("open", [{"user": "boss11", "why": "master-not-member"}]))


class Flags(Case):
    """The three configuration keys on the command line."""

    def run_main(self, *args):
        d = self.snapshot(
            [u for u in BASE_USERS if u["userId"] not in ("boss11",)]
            + [user("boss11", "ou-11", "課長", True, leaveOfAbsence={"isLeaveOfAbsence": True})],
            [group("g1", ["boss12", "b1"], ["b1"]),                      # master only
             group("g2", ["a1", "a3"], ["boss11"]),                      # on leave
             group("g3", ["c1", "c2"], ["c1"], units=["ou-2"]),          # boss21 in a sub-unit
             group("g4", ["b1", "b2"], ["b1", "boss12"])])
        buf = io.StringIO()
        with redirect_stdout(buf):
            self.assertEqual(oracle.main(list(args) + [d]), 0)
        return {(f["rule"], f["group"]) for f in json.loads(buf.getvalue())["snapshots"][0]["findings"]}

    def test_each_flag(self):
        base = {("no-manager", "g1"), ("no-manager", "g2")}
        self.assertEqual(self.run_main(), base)
        self.assertEqual(self.run_main("--masters-are-members"), {("no-manager", "g2")})
        self.assertEqual(self.run_main("--count-on-leave"), {("no-manager", "g1")})
        self.assertEqual(self.run_main("--no-orgunit-subunits"), base | {("no-manager", "g3")})


class SampleDataFlags(unittest.TestCase):
    """The revision 2 cases planted in SampleData, and each setting turned the other way on them."""

    ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "SampleData")

    @classmethod
    def setUpClass(cls):
        path = os.path.join(cls.ROOT, "expected.json")
        if not os.path.exists(path):
            raise unittest.SkipTest("no SampleData/expected.json")
        with open(path, encoding="utf-8") as fh:
            cls.expected = json.load(fh)
        cls.planted = {p["id"]: p for p in cls.expected["planted"]}
        if "RM1" not in cls.planted:
            raise unittest.SkipTest("SampleData has no revision 2 cases")
        cls.dirs = [os.path.join(cls.ROOT, "2026-04"), os.path.join(cls.ROOT, "2026-05")]

    def fired(self, sid):
        return {(c["rule"], c["group"], c["subject"]) for c in self.planted[sid]["checks"] if c["expect"] == "fire"}

    def keys(self, **cfg):
        doc = oracle.analyse(self.dirs, oracle.Config(**cfg))
        return [{(f["rule"], f["group"], f["subject"]) for f in s["findings"]} for s in doc["snapshots"]]

    def test_flags_on_the_planted_cases(self):
        default = self.keys()
        masters = self.keys(masters_are_members=True)
        leave = self.keys(count_on_leave=True)
        subunits = self.keys(orgunit_includes_subunits=False)
        rm4 = self.planted["RM4"]["checks"][0]["group"]
        for month in range(2):
            for sid in ("RM1", "RM7", "RM8"):
                self.assertTrue(self.fired(sid) <= default[month], sid)
                self.assertFalse(self.fired(sid) & masters[month], sid)
            self.assertTrue(self.fired("RM5") <= default[month])
            self.assertFalse(self.fired("RM5") & leave[month])
            self.assertTrue(self.fired("RM2") <= leave[month] and self.fired("RM2") <= masters[month])
            self.assertNotIn(("missing-department-manager", rm4, "ou-0510"), default[month])
            self.assertIn(("missing-department-manager", rm4, "ou-0510"), subunits[month])


# --------------------------------------------------------------------------- HR roster (SPEC 3.5)

UNITS_HR = [dict(u, orgUnitExternalKey=f"HR{u['orgUnitId'][3:]}") for u in UNITS]   # ou-11 -> HR11
HR_HEADER = "employeeNumber,status,orgUnitCode,effectiveDate,name"


def staff(uid, unit, number, **flags):
    """A user with an employeeNumber (and an email uid@x.jp)."""
    rec = user(uid, unit, **flags)
    rec["employeeNumber"] = number
    rec["email"] = f"{uid}@x.jp"
    return rec


HR_USERS = [
    dict(user("boss11", "ou-11", "課長", True), employeeNumber="E01"),
    staff("a1", "ou-11", "E11"), staff("a2", "ou-111", "E12"), staff("b1", "ou-12", "E21"),
    staff("c1", "ou-21", "E31"),
]
HR_ROWS = ["E01,在職,HR11,2025-04-01,課長 一郎", "E11,在職,HR11,,", "E12,在職,HR111,2024-04-01,",
           "E21,在職,HR12,2025-04-01,", "E31,在職,HR21,2023-04-01,"]


def replace_row(rows, number, row):
    return [row if r.split(",")[0] == number else r for r in rows]


class RosterCase(Case):
    def snap(self, users=HR_USERS, rows=HR_ROWS, groups=(), taken="2026-04-01T06:00:00+09:00",
             header=HR_HEADER, encoding="utf-8-sig", meta=None, transfers=None, raw=None):
        """A snapshot with hr.csv (rows None: without one); `meta` adds keys to snapshot.json."""
        d = self.snapshot(list(users), list(groups), taken, units=UNITS_HR, transfers=transfers)
        if meta:
            with open(os.path.join(d, "snapshot.json"), "w", encoding="utf-8") as fh:
                json.dump(dict({"takenAt": taken}, **meta), fh)
        if raw is not None:
            with open(os.path.join(d, "hr.csv"), "wb") as fh:
                fh.write(raw)
        elif rows is not None:
            with open(os.path.join(d, "hr.csv"), "w", encoding=encoding, newline="") as fh:
                fh.write("\r\n".join([header] + list(rows)) + "\r\n")
        return d

    def accounts(self, doc, index=-1):
        return {(f["rule"], f["subject"]): f["status"] for f in doc["snapshots"][index]["findings"]
                if f["group"] == ""}

    def resolved_accounts(self, doc, index=-1):
        return {(r["rule"], r["subject"]) for r in doc["snapshots"][index]["resolved"] if r["group"] == ""}


class RetiredAccountActive(RosterCase):
    def test_fires_on_or_before_the_snapshot_day_for_an_active_account(self):
        rows = replace_row(HR_ROWS, "E11", "E11,退職,,2026-03-31,")
        rows = replace_row(rows, "E12", "E12,retired,HR111,2026-04-01,")    # the snapshot's own day
        rows = replace_row(rows, "E21", "E21,退職,,2026-04-02,")            # tomorrow: not yet
        groups = [group("g1", ["boss11", "a1"], ["a2"]), group("g2", ["boss11"], ["a1"]),
                  group("g3", ["boss11"], [], units=["ou-11"])]                # a1 only by ORGUNIT
        doc = self.run_oracle(self.snap(rows=rows, groups=groups))
        self.assertEqual(self.accounts(doc), {("retired-account-active", "a1"): "new",
                                              ("retired-account-active", "a2"): "new"})
        self.assertEqual(self.find(doc, "retired-account-active", "", "a1")["groups"], 2)
        self.assertEqual(self.find(doc, "retired-account-active", "", "a2")["groups"], 1)
        self.assertEqual(doc["snapshots"][0]["counts"]["retired-account-active"], 2)
        self.assertEqual(doc["snapshots"][0]["groupsWithFindings"], 3)   # single-master: groups only

    def test_inactive_or_missing_account_of_a_retiree_is_no_finding(self):
        rows = replace_row(HR_ROWS, "E11", "E11,退職,,2026-03-31,")
        rows = replace_row(rows, "E12", "E12,退職,,2026-03-31,")
        rows = replace_row(rows, "E21", "E21,退職,,2026-03-31,")
        rows = replace_row(rows, "E31", "E31,休職,HR21,2026-01-01,")
        users = [u for u in HR_USERS if u["userId"] != "b1"]               # b1's account is gone
        users = [dict(u, isSuspended=True) if u["userId"] == "a1" else u for u in users]
        users = [dict(u, isDeleted=True) if u["userId"] == "a2" else u for u in users]
        users = [dict(u, leaveOfAbsence={"isLeaveOfAbsence": True}) if u["userId"] == "c1" else u for u in users]
        doc = self.run_oracle(self.snap(users=users, rows=rows))
        self.assertEqual(self.accounts(doc), {})

    def test_a_retiree_on_leave_is_active(self):
        rows = replace_row(HR_ROWS, "E31", "E31,退職,,2026-03-31,")
        users = [dict(u, leaveOfAbsence={"isLeaveOfAbsence": True}) if u["userId"] == "c1" else u for u in HR_USERS]
        doc = self.run_oracle(self.snap(users=users, rows=rows))
        self.assertEqual(self.accounts(doc), {("retired-account-active", "c1"): "new"})

    def test_the_snapshot_day_is_the_civil_day_in_the_zone(self):
        rows = replace_row(HR_ROWS, "E11", "E11,退職,,2026-04-01,")
        # 2026-03-31T20:00Z is 2026-04-01 05:00 in Tokyo: retired that day.
        doc = self.run_oracle(self.snap(rows=rows, taken="2026-03-31T20:00:00Z"))
        self.assertIn(("retired-account-active", "a1"), self.accounts(doc))
        doc = self.run_oracle(self.snap(rows=rows, taken="2026-03-31T20:00:00Z"), tz="UTC")
        self.assertEqual(self.accounts(doc), {})


class DirectoryBehindHR(RosterCase):
    def test_undated_row_with_another_department_fires_at_once(self):
        rows = replace_row(HR_ROWS, "E11", "E11,在職,HR21,,")
        rows = replace_row(rows, "E12", "E12,休職,HR12,,")                  # 休職 counts too
        doc = self.run_oracle(self.snap(rows=rows))
        self.assertEqual(self.accounts(doc), {("directory-behind-hr", "a1"): "new",
                                              ("directory-behind-hr", "a2"): "new"})

    def test_dated_row_waits_for_the_grace_days(self):
        rows = replace_row(HR_ROWS, "E11", "E11,在職,HR21,2026-04-01,")
        s1 = self.snap(rows=rows, taken="2026-04-01T06:00:00+09:00")        # 6 hours
        s2 = self.snap(rows=rows, taken="2026-05-01T00:00:00+09:00")        # exactly 30 days
        doc = self.run_oracle(s1, s2)
        self.assertEqual(self.accounts(doc, 0), {})
        self.assertEqual(self.accounts(doc, 1), {("directory-behind-hr", "a1"): "new"})
        rows = replace_row(HR_ROWS, "E11", "E11,在職,HR21,2026-04-02,")
        doc = self.run_oracle(self.snap(rows=rows, taken="2026-05-01T23:59:59+09:00"))   # 29 days 23:59:59
        self.assertEqual(self.accounts(doc), {})
        doc = self.run_oracle(self.snap(rows=rows, taken="2026-04-10T00:00:00+09:00"), grace_days=8)
        self.assertEqual(self.accounts(doc), {("directory-behind-hr", "a1"): "new"})

    def test_same_department_unknown_code_and_inactive_account_do_not_fire(self):
        rows = replace_row(HR_ROWS, "E11", "E11,在職,HR111,,")              # 係 of the same 課
        rows = replace_row(rows, "E12", "E12,在職,HR999,,")                 # matches no unit
        rows = replace_row(rows, "E21", "E21,在職,HR21,,")
        users = [dict(u, isSuspended=True) if u["userId"] == "b1" else u for u in HR_USERS]
        doc = self.run_oracle(self.snap(users=users, rows=rows))
        self.assertEqual(self.accounts(doc), {})

    def test_account_without_department_differs(self):
        users = [dict(u, organizations=[]) if u["userId"] == "a1" else u for u in HR_USERS]
        doc = self.run_oracle(self.snap(users=users))
        self.assertEqual(self.accounts(doc), {("directory-behind-hr", "a1"): "new"})

    def test_roster_department_uses_the_department_level(self):
        rows = replace_row(HR_ROWS, "E12", "E12,在職,HR11,,")                # a2 sits in 係 ou-111 of 課 ou-11
        doc = self.run_oracle(self.snap(rows=rows))
        self.assertEqual(self.accounts(doc), {})
        doc = self.run_oracle(self.snap(rows=rows), department_level=3)
        self.assertEqual(self.accounts(doc), {("directory-behind-hr", "a2"): "new"})


class AccountNotInHR(RosterCase):
    def test_unmatched_active_accounts_fire_unless_ignored(self):
        users = HR_USERS + [user("svc1", "ou-11", email="svc1@x.jp"), user("svc2", "ou-11", email="shared@x.jp"),
                            user("svc3", "ou-11"), dict(user("svc4", "ou-11"), employeeNumber=""),
                            staff("typo", "ou-12", "E99"), dict(user("gone", "ou-11"), isDeleted=True)]
        doc = self.run_oracle(self.snap(users=users), hr_ignore_users=("svc1", "shared@x.jp"))
        self.assertEqual(self.accounts(doc), {("account-not-in-hr", "svc3"): "new",
                                              ("account-not-in-hr", "svc4"): "new",
                                              ("account-not-in-hr", "typo"): "new"})

    def test_a_roster_row_matches_every_account_with_its_number(self):
        users = HR_USERS + [staff("a1bis", "ou-11", "E11")]
        doc = self.run_oracle(self.snap(users=users))
        self.assertEqual(self.accounts(doc), {})

    def test_no_roster_no_account_rules(self):
        users = HR_USERS + [user("svc3", "ou-11")]
        doc = self.run_oracle(self.snap(users=users, rows=None))
        self.assertEqual(self.accounts(doc), {})
        self.assertEqual(doc["snapshots"][0]["counts"]["account-not-in-hr"], 0)


class AccountLifecycle(RosterCase):
    def test_carried_across_a_month_without_roster(self):
        rows = replace_row(HR_ROWS, "E11", "E11,退職,,2026-03-31,")
        fixed = [dict(u, isDeleted=True) if u["userId"] == "a1" else u for u in HR_USERS]
        svc = HR_USERS + [user("svc", "ou-11")]
        s1 = self.snap(users=svc, rows=rows, taken="2026-04-01T06:00:00+09:00")    # retiree + svc
        s2 = self.snap(users=fixed, rows=None, taken="2026-05-01T06:00:00+09:00")  # no roster
        s3 = self.snap(users=svc, rows=rows, taken="2026-06-01T06:00:00+09:00")    # both still there
        s4 = self.snap(users=fixed, rows=rows, taken="2026-07-01T06:00:00+09:00")  # both fixed
        s5 = self.snap(users=svc, rows=None, taken="2026-08-01T06:00:00+09:00")
        s6 = self.snap(users=svc, rows=rows, taken="2026-09-01T06:00:00+09:00")    # back
        doc = self.run_oracle(s1, s2, s3, s4, s5, s6)
        both = {("retired-account-active", "a1"), ("account-not-in-hr", "svc")}
        self.assertEqual(self.accounts(doc, 0), {k: "new" for k in both})
        self.assertEqual(self.accounts(doc, 1), {})
        self.assertEqual(self.resolved_accounts(doc, 1), set())
        self.assertEqual(doc["snapshots"][1]["counts"]["retired-account-active"], 0)
        self.assertEqual(self.accounts(doc, 2), {k: "open" for k in both})
        self.assertEqual(self.accounts(doc, 3), {})
        self.assertEqual(self.resolved_accounts(doc, 3), both)
        self.assertEqual(self.resolved_accounts(doc, 4), set())
        self.assertEqual(self.accounts(doc, 5), {k: "reopened" for k in both})
        self.assertEqual(self.find(doc, "account-not-in-hr", "", "svc", index=5)["firstSeen"], "2026-04-01")

    def test_first_roster_after_months_without(self):
        rows = replace_row(HR_ROWS, "E11", "E11,退職,,2026-03-31,")
        s1 = self.snap(rows=None, taken="2026-03-01T06:00:00+09:00")
        s2 = self.snap(rows=rows, taken="2026-04-01T06:00:00+09:00")
        doc = self.run_oracle(s1, s2)
        self.assertEqual(self.accounts(doc), {("retired-account-active", "a1"): "new"})
        self.assertEqual(doc["snapshots"][1]["statusCounts"]["new"], 1)

    def test_group_findings_do_not_wait_for_the_roster(self):
        g = [group("g1", ["boss11"], ["boss11", "a1"])]
        s1 = self.snap(groups=g, rows=HR_ROWS, taken="2026-04-01T06:00:00+09:00")
        s2 = self.snap(groups=[], rows=None, taken="2026-05-01T06:00:00+09:00")
        doc = self.run_oracle(s1, s2)
        self.assertEqual(doc["snapshots"][1]["resolved"], [{"rule": "single-master", "group": "g1", "subject": ""}])


class RosterTransferDating(RosterCase):
    G = [group("g1", ["boss11", "a2"], ["a1", "a2"])]

    def months(self, april_row, transfers=None, april_rows=True):
        rows = replace_row(HR_ROWS, "E11", april_row)
        after = [staff("a1", "ou-21", "E11") if u["userId"] == "a1" else u for u in HR_USERS]
        s1 = self.snap(groups=self.G, rows=None, taken="2026-03-01T06:00:00+09:00")
        s2 = self.snap(users=after, groups=self.G, rows=rows if april_rows else None,
                       taken="2026-04-01T06:00:00+09:00", transfers=transfers)
        s3 = self.snap(users=after, groups=self.G, rows=rows, taken="2026-05-01T06:00:00+09:00")
        return self.run_oracle(s1, s2, s3)

    def stale(self, doc):
        return ("stale-after-transfer", "g1", "a1") in self.keys(doc)

    def test_roster_date_dates_a_transfer_without_csv_row(self):
        self.assertTrue(self.stale(self.months("E11,在職,HR21,,")))                 # takenAt: 30 days
        self.assertFalse(self.stale(self.months("E11,在職,HR21,2026-04-10,")))      # 21 days
        self.assertTrue(self.stale(self.months("E11,在職,HR21,2026-03-20,")))       # earlier date fires too

    def test_csv_wins_and_roster_must_show_the_new_department(self):
        self.assertTrue(self.stale(self.months("E11,在職,HR21,2026-04-10,", transfers=[("a1", "2026-03-25")])))
        self.assertTrue(self.stale(self.months("E11,在職,HR12,2026-04-10,")))        # another department
        self.assertTrue(self.stale(self.months("E11,在職,HR999,2026-04-10,")))       # unknown code
        # Only the roster of the snapshot that observes the transfer dates it.
        self.assertTrue(self.stale(self.months("E11,在職,HR21,2026-04-10,", april_rows=False)))


class RosterInput(RosterCase):
    ROWS = replace_row(HR_ROWS, "E11", "E11,退職,,2026-03-31,髙橋 﨑子")
    ROWS = replace_row(ROWS, "E12", "E12,在職,HR21,,㈱みどり①")

    def test_cp932_and_utf8_bom_rosters_give_the_same_findings(self):
        utf8 = self.snap(rows=self.ROWS, encoding="utf-8-sig")
        with open(os.path.join(utf8, "hr.csv"), "rb") as fh:
            self.assertTrue(fh.read().startswith(b"\xef\xbb\xbf"))
        cp932 = self.snap(rows=self.ROWS, encoding="cp932", meta={"hrEncoding": "cp932"})
        by_config = self.snap(rows=self.ROWS, encoding="cp932")
        a, b = self.run_oracle(utf8), self.run_oracle(cp932)
        c = self.run_oracle(by_config, hr_encoding="cp932")
        self.assertEqual(self.accounts(a), {("retired-account-active", "a1"): "new",
                                            ("directory-behind-hr", "a2"): "new"})
        self.assertEqual(a["snapshots"][0]["findings"], b["snapshots"][0]["findings"])
        self.assertEqual(a["snapshots"][0]["findings"], c["snapshots"][0]["findings"])
        roster = oracle.load_roster(os.path.join(cp932, "hr.csv"), "cp932")
        self.assertEqual(roster["E11"]["name"], "髙橋 﨑子")
        self.assertEqual(roster["E12"]["name"], "㈱みどり①")
        # The snapshot's hrEncoding wins over the configuration.
        self.assertEqual(self.run_oracle(cp932, hr_encoding="utf-8")["snapshots"][0]["findings"],
                         a["snapshots"][0]["findings"])
        with self.assertRaises(oracle.InputError):        # CP932 bytes read as UTF-8
            self.run_oracle(by_config)

    def test_header_in_any_order_with_other_columns(self):
        header = "所属名,effectiveDate,name,status,備考,orgUnitCode,employeeNumber"
        rows = []
        for r in self.ROWS:
            n, st, code, day, name = r.split(",")
            rows.append(",".join(["課", day, name, st, "x", code, n]))
        a = self.run_oracle(self.snap(rows=self.ROWS))
        b = self.run_oracle(self.snap(rows=rows, header=header))
        self.assertEqual(a["snapshots"][0]["findings"], b["snapshots"][0]["findings"])

    def test_blank_rows_and_spaces(self):
        rows = [" E01 , 在職 ,HR11,,", ",,,,"] + HR_ROWS[1:] + [""]
        doc = self.run_oracle(self.snap(rows=rows))
        self.assertEqual(self.accounts(doc), {})

    def bad(self, rows=None, header=HR_HEADER, raw=None, meta=None):
        d = self.snap(rows=rows if rows is not None else HR_ROWS, header=header, raw=raw, meta=meta)
        with self.assertRaises(oracle.InputError) as ctx:
            self.run_oracle(d)
        return str(ctx.exception)

    def test_bad_rosters_are_input_errors_naming_the_line(self):
        self.assertIn("hr.csv:3: status '出向'", self.bad(replace_row(HR_ROWS, "E11", "E11,出向,HR11,,")))
        self.assertIn("hr.csv:3: status 'Active'", self.bad(replace_row(HR_ROWS, "E11", "E11,Active,HR11,,")))
        self.assertIn("hr.csv:7: employeeNumber E12 is already on line 4", self.bad(HR_ROWS + ["E12,在職,HR11,,"]))
        for day in ("2026/04/01", "20260401", "2026-02-30", "2026-4-1", "2026-W14-3"):
            self.assertIn(f"hr.csv:2: effectiveDate '{day}'",
                          self.bad(replace_row(HR_ROWS, "E01", f"E01,在職,HR11,{day},")))
        self.assertIn("hr.csv:2: effectiveDate is empty", self.bad(replace_row(HR_ROWS, "E01", "E01,退職,,,")))
        self.assertIn("hr.csv:2: orgUnitCode is empty", self.bad(replace_row(HR_ROWS, "E01", "E01,在職,,,")))
        self.assertIn("hr.csv:2: employeeNumber is empty", self.bad(replace_row(HR_ROWS, "E01", ",在職,HR11,,")))
        self.assertIn("hr.csv:2: 4 fields", self.bad(replace_row(HR_ROWS, "E01", "E01,在職,HR11,")))
        self.assertIn("hr.csv:1: the header has no status", self.bad(header="employeeNumber,orgUnitCode,x,y,z"))
        self.assertIn("hr.csv:1: the header names status twice",
                      self.bad(header="employeeNumber,status,orgUnitCode,status,name"))
        self.assertIn("NUL", self.bad(raw=b"employeeNumber,status\r\nE1,\x00\x01\x02\r\n"))
        self.assertIn("not utf-8", self.bad(raw=b"employeeNumber,status\r\nE1,\x8d\xdd\x90\x45\r\n"))
        self.assertIn("hrEncoding", self.bad(meta={"hrEncoding": "shift_jis"}))

    def test_command_line_flags(self):
        users = HR_USERS + [user("svc1", "ou-11", email="svc1@x.jp"), user("svc2", "ou-11")]
        d = self.snap(users=users, rows=HR_ROWS, encoding="cp932")
        buf = io.StringIO()
        with redirect_stdout(buf):
            rc = oracle.main(["--ignore-users", "svc1@x.jp", "--hr-encoding", "cp932", d])
        self.assertEqual(rc, 0)
        doc = json.loads(buf.getvalue())
        self.assertEqual(self.accounts(doc), {("account-not-in-hr", "svc2"): "new"})


# --------------------------------------------------------------------------- due dates (SPEC 3.6)

#: Days to the due date per rule (SPEC 3 and 3.5 severities; remediation.due_days defaults).
DAYS = {"not-public": 14, "no-manager": 14, "no-active-master": 14, "retired-account-active": 14,
        "missing-department-manager": 30, "single-master": 30, "stale-after-transfer": 30,
        "directory-behind-hr": 30, "account-not-in-hr": 60, "inactive-member": 60}


def day(text):
    return oracle.date.fromisoformat(text)


class DueDates(RosterCase):
    SINGLE = [group("g1", ["boss11"], ["boss11", "a1"])]          # single-master only (medium)
    FIXED = [group("g1", ["boss11", "a1"], ["boss11", "a1"])]     # no finding

    def due(self, doc, rule="single-master", gid="g1", subject="", index=-1):
        f = self.find(doc, rule, gid, subject, index)
        return (f["status"], f["due"], f["overdue"])

    def test_severities_give_14_30_60_days(self):
        self.assertEqual({r: oracle.Config().days_for(r) for r in oracle.RULES}, DAYS)
        self.assertEqual(set(oracle.SEVERITY), set(oracle.RULES))
        rows = replace_row(HR_ROWS, "E11", "E11,退職,,2026-01-31,")           # a1 retired
        rows = replace_row(rows, "E12", "E12,在職,HR21,,")                    # a2 moved in HR only
        users = list(HR_USERS) + [user("svc", "ou-11"), user("x", "ou-11", isSuspended=True)]
        groups = [group("g1", ["boss11"], ["a1", "b1", "x"], visible=False),   # not-public, single, inactive,
                  group("g2", ["a2"], ["a2", "b1"]),                            # no-manager
                  group("g3", [], ["boss11", "b1"])]                            # missing-dept-manager, no master
        doc = self.run_oracle(self.snap(users=users, rows=rows, groups=groups, taken="2026-02-10T06:00:00+09:00"))
        findings = doc["snapshots"][0]["findings"]
        self.assertEqual({f["rule"] for f in findings}, set(oracle.RULES) - {"stale-after-transfer"})
        for f in findings:
            self.assertEqual(f["due"], (day("2026-02-10") + oracle.timedelta(days=DAYS[f["rule"]])).isoformat(), f)
            self.assertIs(f["overdue"], False)
        # remediation.due_days given: every severity follows it.
        doc = self.run_oracle(self.snap(users=users, rows=rows, groups=groups, taken="2026-02-10T06:00:00+09:00"),
                              due_days=(("high", 1), ("medium", 2), ("low", 0)))
        want = {"high": "2026-02-11", "medium": "2026-02-12", "low": "2026-02-10"}
        for f in doc["snapshots"][0]["findings"]:
            self.assertEqual(f["due"], want[oracle.SEVERITY[f["rule"]]], f)

    def test_on_the_due_date_not_overdue_the_next_day_overdue(self):
        months = [self.snap(groups=self.SINGLE, rows=None, taken=t) for t in (
            "2026-04-01T06:00:00+09:00",      # opened 2026-04-01, due 2026-05-01
            "2026-05-01T23:59:59+09:00",      # the due date: not overdue
            "2026-05-02T00:00:00+09:00")]     # the next day: overdue
        doc = self.run_oracle(*months)
        self.assertEqual(self.due(doc, index=0), ("new", "2026-05-01", False))
        self.assertEqual(self.due(doc, index=1), ("open", "2026-05-01", False))
        self.assertEqual(self.due(doc, index=2), ("open", "2026-05-01", True))
        self.assertEqual([s["overdueCounts"]["single-master"] for s in doc["snapshots"]], [0, 0, 1])
        self.assertEqual(sum(doc["snapshots"][2]["overdueCounts"].values()), 1)
        self.assertEqual(list(doc["snapshots"][2]["overdueCounts"]), oracle.RULES)

    def test_dates_are_civil_dates_in_the_zone(self):
        # 2026-03-31T15:00Z is 2026-04-01 00:00 in Tokyo; 2026-05-01T15:00Z is 2026-05-02 00:00.
        months = [self.snap(groups=self.SINGLE, rows=None, taken=t) for t in (
            "2026-03-31T15:00:00Z", "2026-05-01T14:59:59Z", "2026-05-01T15:00:00Z")]
        doc = self.run_oracle(*months)
        self.assertEqual([self.due(doc, index=i)[1:] for i in range(3)],
                         [("2026-05-01", False), ("2026-05-01", False), ("2026-05-01", True)])
        doc = self.run_oracle(*months, tz="UTC")        # opened 2026-03-31: due 2026-04-30
        self.assertEqual([self.due(doc, index=i)[1:] for i in range(3)],
                         [("2026-04-30", False), ("2026-04-30", True), ("2026-04-30", True)])

    def test_reopened_counts_from_the_reopening_and_open_keeps_that_date(self):
        months = [self.snap(groups=g, rows=None, taken=t) for g, t in (
            (self.SINGLE, "2026-02-01T06:00:00+09:00"),   # new, due 2026-03-03
            (self.SINGLE, "2026-03-01T06:00:00+09:00"),   # open
            (self.FIXED, "2026-03-15T06:00:00+09:00"),    # resolved
            (self.SINGLE, "2026-04-01T06:00:00+09:00"),   # reopened: due 2026-05-01
            (self.SINGLE, "2026-05-01T06:00:00+09:00"),   # open, still 2026-05-01: on the due date
            (self.SINGLE, "2026-05-02T06:00:00+09:00"))]  # overdue
        doc = self.run_oracle(*months)
        self.assertEqual(self.due(doc, index=0), ("new", "2026-03-03", False))
        self.assertEqual(self.due(doc, index=1), ("open", "2026-03-03", False))
        self.assertIsNone(self.find(doc, "single-master", "g1", index=2))
        self.assertEqual(self.due(doc, index=3), ("reopened", "2026-05-01", False))
        self.assertEqual(self.find(doc, "single-master", "g1", index=3)["firstSeen"], "2026-02-01")
        self.assertEqual(self.due(doc, index=4), ("open", "2026-05-01", False))
        self.assertEqual(self.due(doc, index=5), ("open", "2026-05-01", True))

    def test_account_finding_keeps_its_date_across_a_month_without_roster(self):
        rows = replace_row(HR_ROWS, "E11", "E11,退職,,2026-03-31,")
        fixed = [dict(u, isDeleted=True) if u["userId"] == "a1" else u for u in HR_USERS]
        s1 = self.snap(rows=rows, taken="2026-04-01T06:00:00+09:00")            # new, due 04-15
        s2 = self.snap(rows=None, taken="2026-05-01T06:00:00+09:00")            # not listed
        s3 = self.snap(rows=rows, taken="2026-06-01T06:00:00+09:00")            # open, same due
        s4 = self.snap(users=fixed, rows=rows, taken="2026-07-01T06:00:00+09:00")   # resolved
        s5 = self.snap(rows=rows, taken="2026-08-01T06:00:00+09:00")            # reopened, due 08-15
        doc = self.run_oracle(s1, s2, s3, s4, s5)
        key = ("retired-account-active", "", "a1")
        self.assertEqual(self.due(doc, *key, index=0), ("new", "2026-04-15", False))
        self.assertIsNone(self.find(doc, *key, index=1))
        self.assertEqual(doc["snapshots"][1]["overdueCounts"]["retired-account-active"], 0)
        self.assertEqual(self.due(doc, *key, index=2), ("open", "2026-04-15", True))
        self.assertIsNone(self.find(doc, *key, index=3))
        self.assertEqual(self.due(doc, *key, index=4), ("reopened", "2026-08-15", False))

    def test_command_line_flags(self):
        d = self.snap(groups=self.SINGLE + [group("g2", ["boss11"], ["boss11", "a1"], visible=False)], rows=None)

        def run(*args):
            buf = io.StringIO()
            with redirect_stdout(buf):
                self.assertEqual(oracle.main(list(args) + [d]), 0)
            return {(f["rule"], f["group"]): f["due"] for f in json.loads(buf.getvalue())["snapshots"][0]["findings"]}

        self.assertEqual(run(), {("single-master", "g1"): "2026-05-01", ("single-master", "g2"): "2026-05-01",
                                 ("not-public", "g2"): "2026-04-15"})
        self.assertEqual(run("--due-days", "medium=10"), {("single-master", "g1"): "2026-04-11",
                                                          ("single-master", "g2"): "2026-04-11",
                                                          ("not-public", "g2"): "2026-04-15"})
        self.assertEqual(run("--due-days", "high=0,low=5,medium=1")[("not-public", "g2")], "2026-04-01")
        self.assertEqual(oracle.parse_due_days("high=7"), (("high", 7), ("medium", 30), ("low", 60)))
        for bad in ("urgent=3", "high=-1", "high", "high=x"):
            with redirect_stderr(io.StringIO()), self.assertRaises(SystemExit):
                oracle.main(["--due-days", bad, d])


class Escalation(RosterCase):
    """Findings overdue by at least escalate_after_days, by 部 and 課 (the routed departments)."""

    USERS = list(HR_USERS) + [user("bu1", "ou-1", "部長", True), staff("c2", "ou-21", "E32"),
                              staff("b2", "ou-12", "E22")]
    GROUPS = [
        group("g1", ["a1", "c1"], ["a1", "c1"], visible=False),   # homes ou-11 and ou-21: not-public, no-manager
        group("g2", ["boss11", "a1"], ["boss11", "a1", "b1"]),    # missing-department-manager ou-12 (medium)
        group("g3", ["bu1"], []),                                 # home ou-1 (a 部 is its own 部): no-manager
        group("g4", [], []),                                      # empty: no department, never escalated
    ]

    def months(self, *taken, **cfg):
        rows = replace_row(HR_ROWS, "E21", "E21,退職,,2026-03-31,")             # b1 retired (high)
        rows = rows + ["E32,在職,HR21,,", "E22,在職,HR12,,"]
        return self.run_oracle(*[self.snap(users=self.USERS, rows=rows, groups=self.GROUPS, taken=t)
                                 for t in ("2026-04-01T06:00:00+09:00",) + taken], **cfg)

    def test_threshold_29_days_no_30_days_yes(self):
        # High findings opened 2026-04-01 are due 2026-04-15: 29 days overdue on 05-14, 30 on 05-15.
        doc = self.months("2026-05-14T06:00:00+09:00", "2026-05-15T06:00:00+09:00")
        self.assertEqual(doc["snapshots"][0]["escalation"], [])
        self.assertEqual(doc["snapshots"][1]["escalation"], [])
        self.assertEqual(doc["snapshots"][1]["overdueCounts"]["not-public"], 1)
        self.assertEqual(doc["snapshots"][1]["overdueCounts"]["missing-department-manager"], 1)  # due 05-01: 14 days
        esc = doc["snapshots"][2]["escalation"]
        self.assertEqual(esc, [
            {"bu": "ou-1", "departments": {
                "ou-1": ["no-manager g3 "],
                "ou-11": ["no-manager g1 ", "not-public g1 "],
                "ou-12": ["retired-account-active  b1"]}},
            {"bu": "ou-2", "departments": {"ou-21": ["no-manager g1 ", "not-public g1 "]}}])
        self.assertEqual(self.find(doc, "no-manager", "g4", index=2)["overdue"], True)   # overdue, no 部
        self.assertEqual(doc["snapshots"][2]["overdueCounts"]["no-manager"], 3)

    def test_medium_findings_and_the_subject_department(self):
        # missing-department-manager (due 05-01) goes to its home ou-11 and to its subject ou-12.
        doc = self.months("2026-05-30T06:00:00+09:00", "2026-05-31T06:00:00+09:00")   # 29 and 30 days
        self.assertNotIn("missing-department-manager g2 ou-12",
                         json.dumps(doc["snapshots"][1]["escalation"], ensure_ascii=False))
        bu = doc["snapshots"][2]["escalation"][0]
        self.assertEqual(bu["bu"], "ou-1")
        self.assertIn("missing-department-manager g2 ou-12", bu["departments"]["ou-11"])
        self.assertIn("missing-department-manager g2 ou-12", bu["departments"]["ou-12"])

    def test_escalate_after_days_setting(self):
        doc = self.months("2026-04-16T06:00:00+09:00", escalate_after_days=1)
        self.assertEqual([e["bu"] for e in doc["snapshots"][1]["escalation"]], ["ou-1", "ou-2"])
        doc = self.months("2026-04-15T06:00:00+09:00", escalate_after_days=0)   # on the due date: not overdue
        self.assertEqual(doc["snapshots"][1]["escalation"], [])
        buf = io.StringIO()
        d = self.snap(users=self.USERS, groups=self.GROUPS, rows=None, taken="2026-04-01T06:00:00+09:00")
        e = self.snap(users=self.USERS, groups=self.GROUPS, rows=None, taken="2026-04-20T06:00:00+09:00")
        with redirect_stdout(buf):
            self.assertEqual(oracle.main(["--escalate-after-days", "5", d, e]), 0)
        self.assertEqual([x["bu"] for x in json.loads(buf.getvalue())["snapshots"][1]["escalation"]], ["ou-1", "ou-2"])


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
        config = expected["config"]
        cfg = oracle.Config(hr_ignore_users=tuple(config.get("hr_ignore_users", ())),
                            due_days=tuple((k, config["due_days"][k]) for k in oracle.SEVERITIES),
                            escalate_after_days=config["escalate_after_days"])
        doc = oracle.analyse([os.path.join(root, m) for m in months], cfg,
                             labels=[s["dir"] for s in expected["snapshots"]])
        self.assertEqual(doc["snapshots"], expected["snapshots"],
                         "run python3 scripts/gen-sampledata.py to regenerate SampleData")


if __name__ == "__main__":
    unittest.main()
