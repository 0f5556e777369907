#!/usr/bin/env python3
"""Deterministic generator for SampleData/: the fictional city 翠川市 (みどりかわし), four months.

    python3 scripts/gen-sampledata.py [--out SampleData]

Writes SampleData/2026-02 … 2026-05 (snapshot.json, users.json, orgunits.json, groups.json and,
where there are dated transfers, transfers.csv; the HR roster hr.csv in 2026-04, UTF-8 with BOM, and
2026-05, CP932), runs scripts/oracle.py over the four months (with hr.ignore_users of the city's
configuration), writes SampleData/expected.json (the oracle's output plus the planted scenarios),
SampleData/README.md and SampleData/lwgov.toml, and fails loudly when a planted scenario (or one of the
due-date cases of DUE_CASES) is not confirmed by the oracle.
The output is byte-for-byte the same on every run (fixed seed, no clock, no set ordering).
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import oracle  # noqa: E402

SEED = 20260401
CITY = "翠川市"
MAIL_DOMAIN = "midorikawa.example.jp"
DOMAIN_ID = 300118
MONTHS = ["2026-02", "2026-03", "2026-04", "2026-05"]
TAKEN_AT = {m: f"{m}-01T06:00:00+09:00" for m in MONTHS}
#: The HR roster (SPEC 3.5): hr.csv in April (UTF-8 with BOM) and May (CP932); none before.
HR_MONTHS = {"2026-04": "utf-8-sig", "2026-05": "cp932"}
#: hr.ignore_users of SampleData/lwgov.toml: the ＤＸ推進課's shared account (by email).
SHARED_IGNORED = f"dx-kyoyo@{MAIL_DOMAIN}"
SHARED_LISTED_NOT = f"senkyo-kyoyo@{MAIL_DOMAIN}"
IGNORE_USERS = [SHARED_IGNORED]
#: An HR department code that matches no org unit (staff seconded to a company outside the city).
UNKNOWN_CODE = "909100"


#: Due dates and escalation (SPEC 3.6) shown by planted findings, no data of their own:
#: (scenario id, rule, {month: (due, overdue, escalated)}, what it shows). main() adds the months as
#: `due` to the scenario's first `fire` check of that rule; verify() checks them against the oracle.
DUE_CASES = [
    ("NP1", "not-public", {"2026-03": ("2026-02-15", True, False), "2026-04": ("2026-02-15", True, True)},
     "high, new in February: 14 days overdue in March, 45 in April (escalated)"),
    ("NP4", "single-master", {"2026-04": ("2026-03-03", True, False), "2026-05": ("2026-03-03", True, True)},
     "medium, new in February: 29 days overdue in April (not escalated), 59 in May (escalated)"),
    ("MD5", "inactive-member", {"2026-04": ("2026-04-02", False, False), "2026-05": ("2026-04-02", True, False)},
     "low, new in February: due the day after the April snapshot; 29 days overdue in May (not escalated)"),
    ("SM2", "single-master", {"2026-04": ("2026-05-01", False, False), "2026-05": ("2026-05-01", False, False)},
     "reopened in April: due 30 days after the reopening, not after the February first-seen; in May "
     "(`open`) it keeps that date and is exactly on its due date, so not overdue"),
    ("GR1", "not-public", {"2026-04": ("2026-04-15", False, False), "2026-05": ("2026-04-15", True, False)},
     "reopened in April, `open` in May with the April date: 16 days overdue, not escalated (from the "
     "February first-seen it would be 75 days)"),
    ("RM8", "missing-department-manager", {"2026-04": ("2026-05-01", False, False),
                                            "2026-05": ("2026-05-01", False, False)},
     "medium, new in April: on its due date in May, not overdue"),
    ("HR2", "retired-account-active", {"2026-05": ("2026-04-15", True, False)},
     "an account finding (high) from April's roster: 16 days overdue in May"),
    ("EM1", "no-manager", {"2026-04": ("2026-02-15", True, False), "2026-05": ("2026-02-15", True, False)},
     "the empty group: 45 and 75 days overdue but routed to no department, so in no 部's escalation"),
]


def unit_code(unit_id):
    """The HR system's department code of an org unit (its orgUnitExternalKey): ou-0140 -> 101400."""
    return "%06d" % (100000 + int(unit_id[3:]) * 10)

# --------------------------------------------------------------------------- the city

# (部, id, [(課, [係, …]), …]); 課 ids are the 部 id + 10, 20, …; 係 ids the 課 id + 1, 2.
ORG = [
    ("総務部", "ou-0100", [("総務課", ["文書係", "庶務係"]), ("人事課", ["人事係", "給与厚生係"]),
                          ("財政課", []), ("ＤＸ推進課", ["情報政策係", "システム管理係"]),
                          ("危機管理課", []), ("契約検査課", [])]),
    ("市民部", "ou-0200", [("市民課", ["住民記録係", "戸籍係"]), ("税務課", ["市民税係", "資産税係"]),
                          ("収納課", []), ("環境政策課", ["環境保全係", "ごみ対策係"]), ("生活安全課", [])]),
    ("福祉保健部", "ou-0300", [("福祉総務課", []), ("子育て支援課", ["保育係", "子育て給付係"]),
                              ("高齢福祉課", []), ("障がい福祉課", []),
                              ("健康づくり課", ["母子保健係", "成人保健係"]), ("保険年金課", [])]),
    ("建設部", "ou-0400", [("都市計画課", []), ("道路河川課", ["道路管理係", "河川係"]),
                          ("建築住宅課", []), ("下水道課", []), ("公園緑地課", [])]),
    ("教育部", "ou-0500", [("教育総務課", []), ("学校教育課", ["学務係", "指導係"]), ("生涯学習課", []),
                          ("スポーツ振興課", []), ("文化財課", [])]),
    ("消防本部", "ou-0600", [("消防総務課", []), ("予防課", []), ("警防課", ["警防係", "救急係"]),
                            ("通信指令課", [])]),
]
NEW_KA_APRIL = ("市民部", "ゼロカーボン推進課", "ou-0260")  # 組織改正 of 2026-04-01

SURNAMES = [
    ("佐藤", "さとう", "sato"), ("鈴木", "すずき", "suzuki"), ("高橋", "たかはし", "takahashi"),
    ("田中", "たなか", "tanaka"), ("伊藤", "いとう", "ito"), ("渡辺", "わたなべ", "watanabe"),
    ("山本", "やまもと", "yamamoto"), ("中村", "なかむら", "nakamura"), ("小林", "こばやし", "kobayashi"),
    ("加藤", "かとう", "kato"), ("吉田", "よしだ", "yoshida"), ("山田", "やまだ", "yamada"),
    ("佐々木", "ささき", "sasaki"), ("山口", "やまぐち", "yamaguchi"), ("松本", "まつもと", "matsumoto"),
    ("井上", "いのうえ", "inoue"), ("木村", "きむら", "kimura"), ("林", "はやし", "hayashi"),
    ("斎藤", "さいとう", "saito"), ("清水", "しみず", "shimizu"), ("山崎", "やまざき", "yamazaki"),
    ("森", "もり", "mori"), ("池田", "いけだ", "ikeda"), ("橋本", "はしもと", "hashimoto"),
    ("阿部", "あべ", "abe"), ("石川", "いしかわ", "ishikawa"), ("山下", "やました", "yamashita"),
    ("中島", "なかじま", "nakajima"), ("石井", "いしい", "ishii"), ("小川", "おがわ", "ogawa"),
    ("前田", "まえだ", "maeda"), ("岡田", "おかだ", "okada"), ("長谷川", "はせがわ", "hasegawa"),
    ("藤田", "ふじた", "fujita"), ("後藤", "ごとう", "goto"), ("近藤", "こんどう", "kondo"),
    ("村上", "むらかみ", "murakami"), ("遠藤", "えんどう", "endo"), ("青木", "あおき", "aoki"),
    ("坂本", "さかもと", "sakamoto"), ("福田", "ふくだ", "fukuda"), ("太田", "おおた", "ota"),
    ("西村", "にしむら", "nishimura"), ("藤井", "ふじい", "fujii"), ("金子", "かねこ", "kaneko"),
    ("岡本", "おかもと", "okamoto"), ("藤原", "ふじわら", "fujiwara"), ("中野", "なかの", "nakano"),
    ("三浦", "みうら", "miura"), ("原田", "はらだ", "harada"), ("中川", "なかがわ", "nakagawa"),
    ("松田", "まつだ", "matsuda"), ("竹内", "たけうち", "takeuchi"), ("小野", "おの", "ono"),
    ("田村", "たむら", "tamura"), ("中山", "なかやま", "nakayama"), ("和田", "わだ", "wada"),
    ("石田", "いしだ", "ishida"), ("森田", "もりた", "morita"), ("上田", "うえだ", "ueda"),
    ("原", "はら", "hara"), ("内田", "うちだ", "uchida"), ("柴田", "しばた", "shibata"),
    ("酒井", "さかい", "sakai"), ("宮崎", "みやざき", "miyazaki"), ("横山", "よこやま", "yokoyama"),
    ("高木", "たかぎ", "takagi"), ("安藤", "あんどう", "ando"), ("宮本", "みやもと", "miyamoto"),
    ("大野", "おおの", "ohno"), ("小島", "こじま", "kojima"), ("工藤", "くどう", "kudo"),
    ("谷口", "たにぐち", "taniguchi"), ("今井", "いまい", "imai"), ("高田", "たかだ", "takada"),
    ("丸山", "まるやま", "maruyama"), ("増田", "ますだ", "masuda"), ("杉山", "すぎやま", "sugiyama"),
    ("村田", "むらた", "murata"), ("大塚", "おおつか", "otsuka"), ("小山", "こやま", "koyama"),
    ("平野", "ひらの", "hirano"), ("藤本", "ふじもと", "fujimoto"), ("久保", "くぼ", "kubo"),
    ("松井", "まつい", "matsui"), ("千葉", "ちば", "chiba"), ("岩崎", "いわさき", "iwasaki"),
    ("桜井", "さくらい", "sakurai"), ("野口", "のぐち", "noguchi"), ("菊地", "きくち", "kikuchi"),
    ("木下", "きのした", "kinoshita"), ("野村", "のむら", "nomura"), ("新井", "あらい", "arai"),
    ("五十嵐", "いがらし", "igarashi"), ("星野", "ほしの", "hoshino"), ("小松", "こまつ", "komatsu"),
]
GIVEN_MALE = [
    ("太郎", "たろう", "taro"), ("一郎", "いちろう", "ichiro"), ("健太", "けんた", "kenta"),
    ("翔太", "しょうた", "shota"), ("大輔", "だいすけ", "daisuke"), ("拓也", "たくや", "takuya"),
    ("直樹", "なおき", "naoki"), ("誠", "まこと", "makoto"), ("浩二", "こうじ", "koji"),
    ("隆", "たかし", "takashi"), ("修", "おさむ", "osamu"), ("和也", "かずや", "kazuya"),
    ("達也", "たつや", "tatsuya"), ("健一", "けんいち", "kenichi"), ("雄一", "ゆういち", "yuichi"),
    ("亮", "りょう", "ryo"), ("悠斗", "ゆうと", "yuto"), ("蓮", "れん", "ren"), ("大樹", "だいき", "daiki"),
    ("翼", "つばさ", "tsubasa"), ("聡", "さとし", "satoshi"), ("哲也", "てつや", "tetsuya"),
    ("秀樹", "ひでき", "hideki"), ("博之", "ひろゆき", "hiroyuki"), ("弘", "ひろし", "hiroshi"),
    ("茂", "しげる", "shigeru"), ("稔", "みのる", "minoru"), ("剛", "つよし", "tsuyoshi"),
    ("淳", "じゅん", "jun"), ("智也", "ともや", "tomoya"), ("陽介", "ようすけ", "yosuke"),
    ("慎也", "しんや", "shinya"), ("俊介", "しゅんすけ", "shunsuke"), ("康平", "こうへい", "kohei"),
    ("裕太", "ゆうた", "yuta"), ("圭", "けい", "kei"), ("光", "ひかる", "hikaru"),
    ("勇気", "ゆうき", "yuki"), ("颯太", "そうた", "sota"), ("航", "わたる", "wataru"),
]
GIVEN_FEMALE = [
    ("花子", "はなこ", "hanako"), ("陽子", "ようこ", "yoko"), ("恵子", "けいこ", "keiko"),
    ("美穂", "みほ", "miho"), ("由美", "ゆみ", "yumi"), ("直美", "なおみ", "naomi"),
    ("智子", "ともこ", "tomoko"), ("裕子", "ゆうこ", "yuko"), ("真由美", "まゆみ", "mayumi"),
    ("麻衣", "まい", "mai"), ("彩", "あや", "aya"), ("愛", "あい", "ai"), ("美咲", "みさき", "misaki"),
    ("結衣", "ゆい", "yui"), ("陽菜", "ひな", "hina"), ("葵", "あおい", "aoi"),
    ("さくら", "さくら", "sakura"), ("奈々", "なな", "nana"), ("明美", "あけみ", "akemi"),
    ("久美子", "くみこ", "kumiko"), ("幸子", "さちこ", "sachiko"), ("千尋", "ちひろ", "chihiro"),
    ("香織", "かおり", "kaori"), ("瞳", "ひとみ", "hitomi"), ("沙織", "さおり", "saori"),
    ("理恵", "りえ", "rie"), ("加奈子", "かなこ", "kanako"), ("綾香", "あやか", "ayaka"),
    ("詩織", "しおり", "shiori"), ("遥", "はるか", "haruka"), ("真理子", "まりこ", "mariko"),
    ("典子", "のりこ", "noriko"), ("美紀", "みき", "miki"), ("友美", "ともみ", "tomomi"),
    ("絵美", "えみ", "emi"), ("里奈", "りな", "rina"), ("早紀", "さき", "saki"),
]

LEVEL = {"部長": "部長級", "消防長": "部長級", "次長": "次長級", "課長": "課長級", "担当課長": "課長級",
         "課長補佐": "課長補佐級", "係長": "係長級", "主査": "主査級", "主任": "主任級",
         "主任技師": "主任級", "技師": "主事級", "主事": "主事級", "主事補": "主事級", "保健師": "主任級",
         "社会福祉士": "主事級", "指導主事": "課長補佐級", "消防司令補": "係長級", "消防士長": "主任級",
         "消防副士長": "主事級", "消防士": "主事級", "主幹": "課長補佐級"}
HIRED = {"部長": (1988, 1993), "消防長": (1987, 1991), "次長": (1990, 1995), "課長": (1991, 2001),
         "担当課長": (1992, 2000), "課長補佐": (1995, 2006), "指導主事": (1998, 2008), "係長": (2000, 2012),
         "消防司令補": (2000, 2010), "主査": (2003, 2014), "主任": (2009, 2018), "主任技師": (2009, 2017),
         "保健師": (2008, 2020), "消防士長": (2008, 2016), "技師": (2015, 2023), "主事": (2015, 2023),
         "社会福祉士": (2014, 2023), "消防副士長": (2015, 2021), "消防士": (2019, 2025),
         "主事補": (2024, 2025), "主幹": (1996, 2004)}

TEAM_TOPICS = {
    "総務部": ["業務連絡", "予算担当", "議会対応", "文書審査", "システム担当", "広報担当", "研修企画"],
    "市民部": ["窓口当番", "業務連絡", "申請審査", "繁忙期応援", "現場連絡", "啓発イベント"],
    "福祉保健部": ["相談支援", "業務連絡", "訪問調整", "給付審査", "窓口当番", "事業調整"],
    "建設部": ["現場連絡", "工事監督", "業務連絡", "設計協議", "許認可審査", "災害対応"],
    "教育部": ["業務連絡", "学校連絡", "イベント準備", "施設管理", "事業調整"],
    "消防本部": ["当直連絡", "業務連絡", "訓練計画", "装備点検", "広報担当"],
}
CROSS_NAMES = [
    "予算要求調整", "議会答弁調整", "情報化推進担当者会議", "広報担当者会議", "統計調査連絡",
    "人権啓発推進", "男女共同参画推進", "総合計画策定", "行政改革推進", "働き方改革推進",
    "電子申請推進プロジェクト", "キャッシュレス決済導入プロジェクト", "公共施設再編プロジェクト",
    "移住定住促進プロジェクト", "子ども未来プロジェクト", "ふるさと納税推進", "地域公共交通検討",
    "防犯灯ＬＥＤ化", "市民マラソン運営", "成人式準備", "総合防災訓練", "選挙事務従事者",
    "庁舎改修検討", "災害時要援護者支援", "健康マイレージ事業", "学校施設長寿命化",
    "ＧＩＧＡスクール運用", "部活動地域移行検討", "救急搬送連携", "水防連絡", "道路占用調整",
    "入札制度改善", "個人情報保護連絡", "情報セキュリティ委員会", "衛生委員会", "職員研修企画",
    "会計年度任用職員連絡", "住民税申告会場", "こども食堂連携", "観光振興プロジェクト",
    "シティプロモーション", "ＲＰＡ導入プロジェクト", "避難所運営検討", "熱中症対策連絡",
]


class World:
    """The directory at one moment, as the generator mutates it month by month."""

    def __init__(self):
        self.units = []          # org unit dicts in display order
        self.people = {}         # uid -> person dict (insertion ordered)
        self.groups = {}         # key -> group dict (insertion ordered)
        self.transfers = []      # (uid, effectiveDate or None, from, to) for this month's transfers.csv

    def unit(self, uid):
        return next(u for u in self.units if u["orgUnitId"] == uid)

    def unit_name(self, uid):
        return self.unit(uid)["orgUnitName"]

    def ka_of_unit(self, uid):
        u = self.unit(uid)
        while u["depth"] > 2:
            u = self.unit(u["parentOrgUnitId"])
        return u["orgUnitId"]

    def primary(self, p):
        return next(e for e in p["entries"] if e["primary"])

    def dept(self, uid):
        return self.ka_of_unit(self.primary(self.people[uid])["unit"])

    def members_of_ka(self, ka, include_sub=True):
        return [uid for uid, p in self.people.items()
                if (self.ka_of_unit(self.primary(p)["unit"]) if include_sub else self.primary(p)["unit"]) == ka]


class Generator:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.w = World()
        self.next_user = 1
        self.emails = set()
        self.empnos = {}
        self.reserved = []           # uids that random events must leave alone (ordered)
        self.planted_keys = []       # group keys of planted scenarios
        self.scenarios = []
        self.hooks = {m: [] for m in MONTHS}
        self.next_key = 1
        self.ka = {}                 # 課 name -> unit id
        self.kakari = {}             # 係 name -> unit id
        self.bu = {}                 # 部 name -> unit id
        self.kacho = {}              # 課 id -> uid of its 課長 (Feb)
        self.pending_updates = []    # (month, key, [uids]) filler edits deferred to a later month
        self.rev2_ids = []           # ids of the scenarios of SPEC revision 2 (plant_rev2)
        self.hr_ids = []             # ids of the HR roster scenarios (plant_hr)
        self.rosters = {}            # month -> hr.csv bytes

    # ------------------------------------------------------------------ org and people
    def build_org(self):
        order = 0
        for bu_name, bu_id, kas in ORG:
            order += 1
            self.w.units.append(self._unit(bu_id, bu_name, None, 1, order))
            self.bu[bu_name] = bu_id
            for i, (ka_name, kakari) in enumerate(kas, start=1):
                ka_id = f"ou-{int(bu_id[3:]) + 10 * i:04d}"
                self.w.units.append(self._unit(ka_id, ka_name, bu_id, 2, i))
                self.ka[ka_name] = ka_id
                for j, k_name in enumerate(kakari, start=1):
                    k_id = f"ou-{int(ka_id[3:]) + j:04d}"
                    self.w.units.append(self._unit(k_id, k_name, ka_id, 3, j))
                    self.kakari[k_name] = k_id

    @staticmethod
    def _unit(uid, name, parent, depth, order):
        return {"orgUnitId": uid, "orgUnitName": name, "parentOrgUnitId": parent, "depth": depth,
                "displayOrder": order}

    def new_person(self, unit, pos, mgr=False, hired=None, gender=None, employment="正職員"):
        rng = self.rng
        last = rng.choice(SURNAMES)
        gender = gender or rng.choice("MF")
        first = rng.choice(GIVEN_MALE if gender == "M" else GIVEN_FEMALE)
        local = f"{first[2]}.{last[2]}"
        email, n = f"{local}@{MAIL_DOMAIN}", 2
        while email in self.emails:
            email, n = f"{local}{n}@{MAIL_DOMAIN}", n + 1
        self.emails.add(email)
        year = hired or rng.randint(*HIRED.get(pos, (2010, 2020)))
        self.empnos[year] = self.empnos.get(year, 0) + 1
        uid = f"u-{self.next_user:05d}"
        self.next_user += 1
        p = {"uid": uid, "last": last, "first": first, "email": email,
             "empno": f"{year}{self.empnos[year]:03d}", "hired": f"{year}-04-01",
             "employment": employment, "level": LEVEL.get(pos, "主事級"),
             "entries": [{"unit": unit, "pos": pos, "mgr": mgr, "primary": True}],
             "suspended": None, "deleted": False, "pending": False, "leave": None}
        self.w.people[uid] = p
        return uid

    def staff_position(self, bu_name, ka_name):
        r = self.rng.random()
        if bu_name == "消防本部":
            return "消防士長" if r < 0.35 else ("消防副士長" if r < 0.65 else "消防士")
        if r < 0.15:
            return "主査"
        if bu_name == "建設部":
            return "主任技師" if r < 0.4 else ("技師" if r < 0.8 else "主事")
        if ka_name == "健康づくり課" and r < 0.55:
            return "保健師"
        if ka_name in ("福祉総務課", "障がい福祉課", "高齢福祉課") and r < 0.3:
            return "社会福祉士"
        if ka_name == "学校教育課" and r < 0.25:
            return "指導主事"
        return "主任" if r < 0.45 else ("主事" if r < 0.85 else "主事補")

    def build_people(self):
        rng = self.rng
        for bu_name, bu_id, kas in ORG:
            head = "消防長" if bu_name == "消防本部" else "部長"
            self.new_person(bu_id, head, True)
            if rng.random() < 0.6 or bu_name == "消防本部":
                self.new_person(bu_id, "次長")
            for ka_name, kakari in kas:
                ka_id = self.ka[ka_name]
                if ka_name != "文化財課":   # 文化財課長 is 生涯学習課長 by 兼務 (see plant)
                    self.kacho[ka_id] = self.new_person(ka_id, "課長", True)
                for _ in range(rng.choice([0, 1, 1, 1, 2])):
                    self.new_person(ka_id, "課長補佐")
                if kakari:
                    for k_name in kakari:
                        k_id = self.kakari[k_name]
                        self.new_person(k_id, "係長")
                        for _ in range(rng.randint(6, 10)):
                            self.new_person(k_id, self.staff_position(bu_name, ka_name))
                    for _ in range(rng.randint(0, 2)):
                        self.new_person(ka_id, self.staff_position(bu_name, ka_name))
                else:
                    for _ in range(rng.choice([1, 1, 2])):
                        self.new_person(ka_id, "係長")
                    for _ in range(rng.randint(13, 22)):
                        self.new_person(ka_id, self.staff_position(bu_name, ka_name))
                # 会計年度任用職員 in most 課
                for _ in range(rng.randint(0, 3)):
                    self.new_person(ka_id if not kakari else self.kakari[rng.choice(kakari)], "主事",
                                    employment="会計年度任用職員", hired=rng.randint(2021, 2025))

    # ------------------------------------------------------------------ selection helpers
    def role(self, uid):
        return self.w.primary(self.w.people[uid])["pos"]

    def free(self, uid):
        return uid not in self.reserved and uid in self.w.people and self.active(uid)

    def active(self, uid):
        p = self.w.people.get(uid)
        return p is not None and not p["suspended"] and not p["deleted"] and not p["pending"]

    def pick(self, ka_name, kind, n=1, unit=None, reserve=True):
        """n free users of a 課 by kind: kacho / hosa / kakaricho / staff."""
        ka_id = self.ka[ka_name]
        cands = []
        for uid in self.w.members_of_ka(ka_id):
            pos = self.role(uid)
            if not self.free(uid) or (unit and self.w.primary(self.w.people[uid])["unit"] != unit):
                continue
            if (kind == "kacho" and pos == "課長") or (kind == "hosa" and pos == "課長補佐") \
                    or (kind == "kakaricho" and pos == "係長") \
                    or (kind == "staff" and pos not in ("課長", "課長補佐", "係長", "担当課長", "指導主事")
                        and self.w.people[uid]["employment"] == "正職員"):
                cands.append(uid)
        if len(cands) < n:
            raise SystemExit(f"gen-sampledata: not enough {kind} in {ka_name} ({len(cands)} < {n})")
        chosen = self.rng.sample(cands, n)
        if reserve:
            self.reserved.extend(chosen)
        return chosen

    def ensure_hosa(self, ka_name):
        ka_id = self.ka[ka_name]
        hosa = [u for u in self.w.members_of_ka(ka_id) if self.role(u) == "課長補佐" and self.free(u)]
        return hosa[0] if hosa else self.new_person(ka_id, "課長補佐")

    # ------------------------------------------------------------------ groups
    def group(self, name, admins, users=(), units=(), groups=(), visible=True, use_message=True,
              desc=None, planted=False):
        key = f"k{self.next_key:04d}"
        self.next_key += 1
        members = [[u, "USER"] for u in users] + [[u, "ORGUNIT"] for u in units] + [[g, "GROUP"] for g in groups]
        self.w.groups[key] = {"key": key, "name": name, "desc": desc, "visible": visible,
                              "useMessage": use_message, "admins": list(admins), "members": members}
        if planted:
            self.planted_keys.append(key)
            for uid in list(admins) + list(users):
                if uid not in self.reserved:
                    self.reserved.append(uid)
        return key

    def scenario(self, sid, title, description, checks):
        self.scenarios.append({"id": sid, "title": title, "description": description, "checks": checks})

    def hook(self, month, fn):
        self.hooks[month].append(fn)

    # ------------------------------------------------------------------ planted scenarios
    def plant(self):
        g, P = self.group, self.pick
        A = MONTHS

        def fire(key, rule, months, subject=""):
            return {"group": key, "rule": rule, "subject": subject, "expect": "fire", "months": months}

        def miss(key, rule, months, subject=""):
            return {"group": key, "rule": rule, "subject": subject, "expect": "near-miss", "months": months}

        def resolved(key, rule, months, subject=""):
            return {"group": key, "rule": rule, "subject": subject, "expect": "resolved", "months": months}

        def always(*statuses):
            return dict(zip(A, statuses or ("new", "open", "open", "open")))

        W = self.w

        # ---- not-public
        k = self.ka["人事課"]
        users = [self.kacho[k]] + P("人事課", "staff", 3)
        key = g("人事課 人事評価調整", [self.kacho[k], users[1]], users, visible=False, planted=True,
                desc="人事評価の調整（課内限定）")
        self.scenario("NP1", "private group stays private", "visible false in every month",
                      [fire(key, "not-public", always())])

        ka = self.ka["総務課"]
        users = [self.kacho[ka]] + P("総務課", "staff", 3)
        key = g("議会答弁調整（総務課）", [self.kacho[ka], users[1]], users, visible=False, planted=True)
        self.hook("2026-03", lambda w, key=key: w.groups[key].update(visible=True))
        self.hook("2026-05", lambda w, key=key: w.groups[key].update(visible=False))
        self.scenario("NP2", "private, made public in March, private again in May",
                      "not-public resolved in March and reopened in May with its February firstSeen",
                      [fire(key, "not-public", {"2026-02": "new", "2026-05": "reopened"}),
                       miss(key, "not-public", ["2026-03", "2026-04"]),
                       resolved(key, "not-public", ["2026-03"])])

        ka = self.ka["財政課"]
        users = [self.kacho[ka]] + P("財政課", "staff", 4)
        key = g("新年度予算査定", [self.kacho[ka], users[1]], users, planted=True)
        self.hook("2026-04", lambda w, key=key: w.groups[key].update(visible=False))
        self.hook("2026-05", lambda w, key=key: w.groups[key].update(visible=True))
        self.scenario("NP3", "private in April only", "made private during budget work, fixed in May",
                      [fire(key, "not-public", {"2026-04": "new"}),
                       miss(key, "not-public", ["2026-02", "2026-03", "2026-05"]),
                       resolved(key, "not-public", ["2026-05"])])

        ka = self.ka["契約検査課"]
        users = [self.kacho[ka]] + P("契約検査課", "staff", 3)
        absent = g("入札事務連絡", [self.kacho[ka], users[1]], users, visible=None, planted=True)
        ka = self.ka["危機管理課"]
        users = [self.kacho[ka]] + P("危機管理課", "staff", 2)
        nomsg = g("防災備蓄品管理", [users[1]], users, visible=False, use_message=False, planted=True,
                  desc="備蓄品の台帳共有（トークルームなし）")
        self.scenario("NP4", "visible key absent; useMessage false still checked",
                      "a group without a visible key is public; a private group without a talk room still fires",
                      [miss(absent, "not-public", A), fire(nomsg, "not-public", always()),
                       fire(nomsg, "single-master", always())])

        # ---- no-manager
        hobby = []
        for ka_name in ("税務課", "道路河川課", "学校教育課", "予防課", "保険年金課"):
            hobby += P(ka_name, "staff", 1)
        key = g("庁内バドミントン部", hobby[:2], hobby, planted=True, desc="昼休み・終業後の練習連絡")
        self.scenario("NM1", "staff-only hobby group across five 課",
                      "no manager at all; missing-department-manager must not fire while no-manager does",
                      [fire(key, "no-manager", always()),
                       miss(key, "missing-department-manager", A, subject=None)])

        dx = self.ka["ＤＸ推進課"]
        users = P("ＤＸ推進課", "staff", 3)
        key = g("ＤＸ推進課 セキュリティ当番", users[:2], users, units=[dx], planted=True)
        self.scenario("NM2", "manager only through an ORGUNIT member",
                      "the ＤＸ推進課 課長 is reached only through the ORGUNIT member ou-0140",
                      [miss(key, "no-manager", A)])

        bunsho = self.kakari["文書係"]
        kc = P("総務課", "kakaricho", 1, unit=bunsho) + P("総務課", "staff", 1, unit=bunsho)
        key = g("文書係 連絡", kc, [], units=[bunsho], planted=True)
        self.scenario("NM3", "ORGUNIT member of a 係 does not reach the 課長",
                      "only the 文書係 is a member; its 係長 is not a manager",
                      [fire(key, "no-manager", always())])

        ka = self.ka["危機管理課"]
        hq = [self.kacho[ka]] + P("危機管理課", "staff", 2)
        reps = []
        for ka_name in ("総務課", "市民課", "福祉総務課", "都市計画課", "教育総務課", "消防総務課"):
            reps += P(ka_name, "staff", 1)
        key_a = f"k{self.next_key:04d}"
        key_b = f"k{self.next_key + 1:04d}"
        g("防災連絡（本部）", [self.kacho[ka], hq[1]], hq, groups=[key_b], planted=True,
          desc="災害対策本部の連絡用")
        g("防災連絡（各課担当）", hq[1:], reps, groups=[key_a], planted=True)
        young = P("市民課", "staff", 1) + P("子育て支援課", "staff", 1) + P("下水道課", "staff", 1) \
            + P("生涯学習課", "staff", 1)
        key_c = f"k{self.next_key:04d}"
        key_d = f"k{self.next_key + 1:04d}"
        g("新人交流会", young[:2], young[:2], groups=[key_d], planted=True)
        g("新人交流会 幹事", young[2:], young[2:], groups=[key_c], planted=True)
        self.scenario("NM4", "GROUP cycles",
                      "防災連絡（本部）⇄（各課担当）share one membership: the 危機管理課長 is a member of both, "
                      "and both miss the managers of the six 課 of the representatives; "
                      "新人交流会 ⇄ 幹事 have no manager at all",
                      [miss(key_a, "no-manager", A), miss(key_b, "no-manager", A),
                       fire(key_a, "missing-department-manager", always(), subject=self.ka["総務課"]),
                       fire(key_b, "missing-department-manager", always(), subject=self.ka["総務課"]),
                       miss(key_a, "missing-department-manager", A, subject=self.ka["危機管理課"]),
                       fire(key_c, "no-manager", always()), fire(key_d, "no-manager", always())])

        ka = self.ka["高齢福祉課"]
        kacho = self.kacho[ka]
        self.reserved.append(kacho)
        staff = P("高齢福祉課", "staff", 4)
        key = g("高齢福祉課 介護認定審査", staff[:2], [kacho] + staff, planted=True)
        self.hook("2026-03", lambda w, u=kacho: w.people[u].update(suspended="MASTER"))
        self.hook("2026-05", lambda w, u=kacho: w.people[u].update(suspended=None))
        self.scenario("NM5", "only manager suspended in March, back in May",
                      "the 高齢福祉課長 is suspended (病気休職) in March and April",
                      [fire(key, "no-manager", {"2026-03": "new", "2026-04": "open"}),
                       miss(key, "no-manager", ["2026-02", "2026-05"]), resolved(key, "no-manager", ["2026-05"]),
                       fire(key, "inactive-member", {"2026-03": "new", "2026-04": "open"}, subject=kacho)])

        ka = self.ka["公園緑地課"]
        kacho = self.kacho[ka]
        self.reserved.append(kacho)
        staff = P("公園緑地課", "staff", 3)
        key = g("公園緑地課 指定管理者連絡", staff[:2], [kacho] + staff, planted=True)
        successor = self.ensure_hosa("公園緑地課")
        self.reserved.append(successor)

        def retire_park(w, u=kacho, s=successor):
            del w.people[u]
            e = w.primary(w.people[s])
            e.update(pos="課長", mgr=True)
            w.people[s]["level"] = LEVEL["課長"]

        def fix_park(w, key=key, u=kacho, s=successor):
            grp = w.groups[key]
            grp["members"] = [m for m in grp["members"] if m[0] != u] + [[s, "USER"]]

        self.hook("2026-04", retire_park)
        self.hook("2026-05", fix_park)
        self.scenario("NM6", "only manager retires at the end of March",
                      "the 公園緑地課長 vanishes from users.json in April (unknown id); the promoted successor "
                      "is added in May",
                      [fire(key, "no-manager", {"2026-04": "new"}), miss(key, "no-manager", ["2026-02", "2026-03", "2026-05"]),
                       fire(key, "inactive-member", {"2026-04": "new"}, subject=kacho),
                       resolved(key, "inactive-member", ["2026-05"], subject=kacho)])

        ka = self.ka["建築住宅課"]
        tanto = self.new_person(ka, "担当課長")
        self.reserved.append(tanto)
        staff = P("建築住宅課", "staff", 3)
        key = g("空き家対策連絡", [tanto, staff[0]], [tanto] + staff, planted=True)
        self.scenario("NM7", "担当課長 is not a configured position",
                      "positionName must match exactly; 担当課長 (isManager false) is no manager",
                      [fire(key, "no-manager", always())])

        hosa = self.ensure_hosa("保険年金課")
        self.reserved.append(hosa)
        staff = P("保険年金課", "staff", 3)
        key = g("保険年金課 国保運営", [hosa, staff[0]], [hosa] + staff, planted=True)
        self.scenario("NM8", "課長補佐 counts by positionName", "isManager false, positionName 課長補佐",
                      [miss(key, "no-manager", A)])

        kyukyu = self.kakari["救急係"]
        leader = P("警防課", "kakaricho", 1, unit=kyukyu)[0]
        W.primary(W.people[leader])["mgr"] = True
        staff = P("警防課", "staff", 4, unit=kyukyu)
        key = g("救急隊 連絡", [leader, staff[0]], [leader] + staff, planted=True)
        self.scenario("NM9", "係長 flagged as org unit leader counts",
                      "isManager true counts whatever the position (救急係長 is the 救急係's 組織長)",
                      [miss(key, "no-manager", A)])

        key = g("（旧）電算移行作業", [], [], planted=True, desc="移行完了済み・削除予定")
        self.scenario("EM1", "empty group", "no members and no masters: no-manager and no-active-master only",
                      [fire(key, "no-manager", always()), fire(key, "no-active-master", always()),
                       miss(key, "single-master", A), miss(key, "inactive-member", A, subject=None),
                       miss(key, "not-public", A)])

        # ---- missing-department-manager
        dx_kacho = self.kacho[dx]
        self.reserved.append(dx_kacho)
        dxs = P("ＤＸ推進課", "staff", 2)
        shimin_hosa = self.ensure_hosa("市民課")
        self.reserved.append(shimin_hosa)
        shimin = P("市民課", "staff", 2)
        zeimu = P("税務課", "staff", 2)
        zeimu_kacho = self.kacho[self.ka["税務課"]]
        self.reserved.append(zeimu_kacho)
        key = g("窓口ＤＸプロジェクト", [dx_kacho, dxs[0]], [dx_kacho] + dxs + [shimin_hosa] + shimin + zeimu,
                planted=True, desc="書かない窓口の導入")
        self.hook("2026-05", lambda w, key=key, u=zeimu_kacho: w.groups[key]["members"].append([u, "USER"]))
        self.scenario("MD1", "cross-department project missing the 税務課 manager",
                      "市民課 is covered by its 課長補佐; 税務課長 joins in May",
                      [fire(key, "missing-department-manager",
                            {"2026-02": "new", "2026-03": "open", "2026-04": "open"}, subject=self.ka["税務課"]),
                       miss(key, "missing-department-manager", ["2026-05"], subject=self.ka["税務課"]),
                       resolved(key, "missing-department-manager", ["2026-05"], subject=self.ka["税務課"]),
                       miss(key, "missing-department-manager", A, subject=self.ka["市民課"])])

        sg = self.ka["生涯学習課"]
        bz = self.ka["文化財課"]
        sg_kacho = self.kacho[sg]
        self.reserved.append(sg_kacho)
        W.people[sg_kacho]["entries"].append({"unit": bz, "pos": "課長", "mgr": True, "primary": False})
        users = [sg_kacho] + P("生涯学習課", "staff", 2) + P("文化財課", "staff", 3)
        key = g("文化財活用検討会", [sg_kacho, users[3]], users, planted=True)
        self.scenario("MD2", "兼務 課長 covers the second 課",
                      "the 生涯学習課長 is also 文化財課長 by a second orgUnits entry",
                      [miss(key, "missing-department-manager", A, subject=None)])

        ek = self.ka["教育総務課"]
        W.people[dx_kacho]["entries"].append({"unit": ek, "pos": "主幹", "mgr": False, "primary": False})
        users = [dx_kacho] + P("ＤＸ推進課", "staff", 2) + P("教育総務課", "staff", 2)
        key = g("校務システム更新", [dx_kacho, users[3]], users, planted=True)
        self.scenario("MD3", "兼務 as staff does not cover",
                      "the ＤＸ推進課長 is 兼務 主幹 in 教育総務課, which is no manager post",
                      [fire(key, "missing-department-manager", always(), subject=ek)])

        kensetsu = self.bu["建設部"]
        bucho = next(u for u, p in W.people.items() if W.primary(p)["unit"] == kensetsu and W.primary(p)["pos"] == "部長")
        self.reserved.append(bucho)
        users = [bucho] + P("道路河川課", "staff", 3, unit=self.kakari["道路管理係"])
        key = g("建設部 現場安全パトロール", [bucho, users[1]], users, planted=True)
        self.scenario("MD4", "部長 in the 部 unit covers only the 部",
                      "the 部長's department is 建設部 itself, so 道路河川課 has no manager in the group",
                      [miss(key, "no-manager", A),
                       fire(key, "missing-department-manager", always(), subject=self.ka["道路河川課"]),
                       miss(key, "missing-department-manager", A, subject=kensetsu)])

        sm = self.ka["市民課"]
        susp = P("税務課", "staff", 1)[0]
        W.people[susp]["suspended"] = "LOGIN_FAIL"
        users = [self.kacho[sm]] + P("市民課", "staff", 3) + [susp]
        self.reserved.append(self.kacho[sm])
        key = g("市民課 窓口当番", [self.kacho[sm], users[1]], users, planted=True)
        self.scenario("MD5", "inactive member brings no department",
                      "a suspended 税務課 user does not make the group cross-department",
                      [miss(key, "missing-department-manager", A, subject=None),
                       fire(key, "inactive-member", always(), subject=susp)])

        kosodate = self.ka["子育て支援課"]
        users = [self.kacho[kosodate]] + P("子育て支援課", "staff", 2)
        self.reserved.append(self.kacho[kosodate])
        key = g("就学支援連絡会", users[:2], users, units=[self.kakari["学務係"]], planted=True)
        self.scenario("MD6", "department reached through an ORGUNIT member",
                      "the 学務係 (学校教育課) is an ORGUNIT member; no 学校教育課 manager is in the group",
                      [fire(key, "missing-department-manager", always(), subject=self.ka["学校教育課"])])

        x = P("市民課", "staff", 1, unit=self.kakari["住民記録係"])[0]
        W.people[x]["entries"].insert(0, {"unit": self.kakari["資産税係"], "pos": "主事", "mgr": False,
                                          "primary": False})
        users = [self.kacho[sm]] + P("市民課", "staff", 1) + [x]
        key = g("市民課 証明書発行", [self.kacho[sm], users[1]], users, planted=True)
        self.scenario("MD7", "primary org unit is not the first orgUnits entry",
                      f"{x}'s first entry is a 兼務 in 資産税係; the entry marked primary is 住民記録係",
                      [miss(key, "missing-department-manager", A, subject=None)])

        # ---- no-active-master / single-master
        deleted = P("ＤＸ推進課", "staff", 1)[0]
        W.people[deleted]["deleted"] = True
        users = [self.ensure_hosa("ＤＸ推進課")] + P("ＤＸ推進課", "staff", 2)
        key = g("旧 住民情報システム 保守", [deleted], users, planted=True)
        self.scenario("AM1", "only master is a deleted account",
                      "isDeleted true, still listed in users.json",
                      [fire(key, "no-active-master", always()),
                       fire(key, "inactive-member", always(), subject=deleted)])

        kenko = self.ka["健康づくり課"]
        users = [self.kacho[kenko]] + P("健康づくり課", "staff", 3)
        self.reserved.append(self.kacho[kenko])
        master = users[1]
        key = g("健康づくり課 健診会場運営", [master], users, planted=True)
        self.hook("2026-03", lambda w, u=master: w.people[u].update(suspended="LOGIN_FAIL"))
        self.hook("2026-05", lambda w, u=master: w.people[u].update(suspended=None))
        self.scenario("AM2", "only master suspended in March, back in May",
                      "no-active-master in March–April; single-master resolved in March and reopened in May",
                      [fire(key, "no-active-master", {"2026-03": "new", "2026-04": "open"}),
                       miss(key, "no-active-master", ["2026-02", "2026-05"]),
                       fire(key, "single-master", {"2026-02": "new", "2026-05": "reopened"}),
                       miss(key, "single-master", ["2026-03", "2026-04"])])

        gesui = self.ka["下水道課"]
        retiree = self.ensure_hosa("下水道課")
        self.reserved.append(retiree)
        users = [self.kacho[gesui]] + P("下水道課", "staff", 3)
        self.reserved.append(self.kacho[gesui])
        key = g("下水道課 管路点検", [retiree], users + [retiree], planted=True)
        self.hook("2026-04", lambda w, u=retiree: w.people.pop(u))

        def new_masters(w, key=key, a=(self.kacho[gesui], users[1]), u=retiree):
            grp = w.groups[key]
            grp["admins"] = list(a)
            grp["members"] = [m for m in grp["members"] if m[0] != u]

        self.hook("2026-05", new_masters)
        self.scenario("AM3", "only master retires; new masters in May",
                      "the 下水道課 課長補佐 retires at the end of March and vanishes from users.json",
                      [fire(key, "single-master", {"2026-02": "new", "2026-03": "open"}),
                       fire(key, "no-active-master", {"2026-04": "new"}),
                       fire(key, "inactive-member", {"2026-04": "new"}, subject=retiree),
                       miss(key, "no-active-master", ["2026-02", "2026-03", "2026-05"]),
                       resolved(key, "no-active-master", ["2026-05"])])

        shuno = self.ka["収納課"]
        a, b = P("収納課", "staff", 2)
        W.people[a]["suspended"] = "MASTER"
        users = [self.kacho[shuno], a, b] + P("収納課", "staff", 2)
        key = g("収納課 滞納整理", [a, b], users, planted=True)
        self.scenario("AM4", "two masters, one suspended",
                      "one active master: single-master, not no-active-master",
                      [fire(key, "single-master", always()), miss(key, "no-active-master", A),
                       fire(key, "inactive-member", always(), subject=a)])

        zaisei = self.ka["財政課"]
        users = [self.kacho[zaisei]] + P("財政課", "staff", 3)
        key = g("財政課 決算統計", [self.kacho[zaisei], self.kacho[zaisei]], users + [users[1]], planted=True)
        self.scenario("SM1", "duplicate administrator entries",
                      "the same 課長 listed twice as administrator (and a duplicate member entry)",
                      [fire(key, "single-master", always())])

        sports = self.ka["スポーツ振興課"]
        sk = self.kacho[sports]
        self.reserved.append(sk)
        users = [sk] + P("スポーツ振興課", "staff", 4)
        key = g("スポーツ振興課 大会運営", [sk], users, planted=True)
        self.hook("2026-03", lambda w, key=key, u=users[1]: w.groups[key]["admins"].append(u))
        self.hook("2026-04", lambda w, key=key, u=users[1]: w.groups[key]["admins"].remove(u))
        self.scenario("SM2", "second master added in March, removed in April",
                      "single-master resolved in March, reopened in April with its February firstSeen, open in May",
                      [fire(key, "single-master", {"2026-02": "new", "2026-04": "reopened", "2026-05": "open"}),
                       miss(key, "single-master", ["2026-03"]), resolved(key, "single-master", ["2026-03"])])

        seikatsu = self.ka["生活安全課"]
        toshi = self.ka["都市計画課"]
        users = [self.kacho[seikatsu]] + P("生活安全課", "staff", 2) + [self.kacho[toshi]] + P("都市計画課", "staff", 2)
        self.reserved.extend([self.kacho[seikatsu], self.kacho[toshi]])
        key = g("翠川まつり実行委員会", [users[1]], users, visible=False, planted=True,
                desc="第40回翠川まつりの準備")
        saved = {}

        def hide(w, key=key):
            saved["g"] = w.groups.pop(key)

        def show(w, key=key):
            w.groups[key] = saved["g"]

        self.hook("2026-03", hide)
        self.hook("2026-04", show)
        self.scenario("GR1", "group disappears in March and comes back in April",
                      "its findings are resolved in March and reopened in April with the February firstSeen",
                      [fire(key, "not-public", {"2026-02": "new", "2026-04": "reopened", "2026-05": "open"}),
                       fire(key, "single-master", {"2026-02": "new", "2026-04": "reopened", "2026-05": "open"}),
                       resolved(key, "not-public", ["2026-03"]), resolved(key, "single-master", ["2026-03"])])

        # ---- inactive-member
        tsushin = self.ka["通信指令課"]
        users = [self.kacho[tsushin]] + P("通信指令課", "staff", 4)
        u = users[2]
        W.people[u]["suspended"] = "LOGIN_FAIL"
        key = g("通信指令課 業務連絡", [self.kacho[tsushin], users[1]], users, planted=True)
        self.hook("2026-03", lambda w, u=u: w.people[u].update(suspended=None))
        self.hook("2026-05", lambda w, u=u: w.people[u].update(suspended="MASTER"))
        self.scenario("IM1", "suspended member reactivated in March, suspended again in May",
                      "inactive-member resolved in March and reopened in May",
                      [fire(key, "inactive-member", {"2026-02": "new", "2026-05": "reopened"}, subject=u),
                       miss(key, "inactive-member", ["2026-03", "2026-04"], subject=u),
                       resolved(key, "inactive-member", ["2026-03"], subject=u)])

        fk = self.ka["福祉総務課"]
        s, t = P("福祉総務課", "staff", 2)
        W.people[s]["suspended"] = "MASTER"
        users = [self.kacho[fk], s, t] + P("福祉総務課", "staff", 2)
        self.reserved.append(self.kacho[fk])
        key = g("福祉総務課 民生委員連絡", [s, self.kacho[fk], t], users, planted=True)
        self.scenario("IM2", "suspended user who is both master and member",
                      "one inactive-member finding for the user; two active masters remain",
                      [fire(key, "inactive-member", always(), subject=s), miss(key, "single-master", A)])

        sh = self.ka["障がい福祉課"]
        i1, i2 = P("障がい福祉課", "staff", 2)
        W.people[i1]["suspended"] = "LOGIN_FAIL"
        W.people[i2]["suspended"] = "MASTER"
        inner_users = [self.kacho[sh]] + P("障がい福祉課", "staff", 2) + [i2]
        self.reserved.append(self.kacho[sh])
        inner = g("障がい福祉課 相談支援", inner_users[:2], inner_users, planted=True)
        outer = g("障がい福祉課 全体", [self.kacho[sh], inner_users[2]], [], units=[sh], groups=[inner],
                  planted=True)
        self.scenario("IM3", "inactive users reached only through expansion are not reported",
                      "全体 has the 課 as ORGUNIT member (with a suspended user) and 相談支援 as GROUP member "
                      "(with a suspended direct member, reported there only)",
                      [miss(outer, "inactive-member", A, subject=i1), miss(outer, "inactive-member", A, subject=i2),
                       fire(inner, "inactive-member", always(), subject=i2)])

        sg_ = self.ka["消防総務課"]
        r2 = P("消防総務課", "staff", 1)[0]
        users = [self.kacho[sg_], r2] + P("消防総務課", "staff", 3)
        self.reserved.append(self.kacho[sg_])
        key = g("消防総務課 庶務", [self.kacho[sg_], users[2]], users, planted=True)
        self.hook("2026-04", lambda w, u=r2: w.people.pop(u))

        def drop_r2(w, key=key, u=r2):
            w.groups[key]["members"] = [m for m in w.groups[key]["members"] if m[0] != u]

        self.hook("2026-05", drop_r2)
        self.scenario("IM4", "retiree still listed as member",
                      "the user vanishes from users.json in April (unknown id) and is removed in May",
                      [fire(key, "inactive-member", {"2026-04": "new"}, subject=r2),
                       resolved(key, "inactive-member", ["2026-05"], subject=r2)])

        hoiku = self.kakari["保育係"]
        loa = P("子育て支援課", "staff", 1, unit=hoiku)[0]
        W.people[loa]["leave"] = ("2025-10-01T00:00:00+09:00", "2026-09-30T23:59:59+09:00")
        users = P("子育て支援課", "kakaricho", 1, unit=hoiku) + [loa] + P("子育て支援課", "staff", 3, unit=hoiku) \
            + [self.kacho[kosodate]]
        key = g("保育係 連絡", [users[0], loa], users, planted=True)
        self.scenario("IM5", "leave of absence is not inactive",
                      "a master on 育児休業 (leaveOfAbsence) is still active",
                      [miss(key, "inactive-member", A, subject=loa), miss(key, "single-master", A)])

        # ---- stale-after-transfer

        def stale_case(sid, title, desc, src_ka, dst_unit, month, date, fire_months, miss_months,
                       edit=None, as_master=False, resolve_month=None, group_name=None, visible=True,
                       extra=()):
            staff = P(src_ka, "staff", 4)
            mover = staff[0]
            ka_id = self.ka[src_ka]
            self.reserved.append(self.kacho[ka_id])
            if as_master:
                key = g(group_name, [mover, self.kacho[ka_id]], [self.kacho[ka_id]] + staff[1:], planted=True,
                        visible=visible)
            else:
                key = g(group_name, [self.kacho[ka_id], staff[1]], [self.kacho[ka_id]] + staff, planted=True,
                        visible=visible)
            self.hook(month, lambda w, u=mover: move_user(w, u, dst_unit, date))
            if edit:
                self.hook(edit[0], lambda w, key=key, fn=edit[1], u=mover: fn(w, key, u))
            checks = []
            if fire_months:
                checks.append(fire(key, "stale-after-transfer", fire_months, subject=mover))
            if miss_months:
                checks.append(miss(key, "stale-after-transfer", miss_months, subject=mover))
            if resolve_month:
                checks.append(resolved(key, "stale-after-transfer", [resolve_month], subject=mover))
            checks += [dict(c, group=key) for c in extra]
            self.scenario(sid, title, desc, checks)
            return key, mover

        def remove_member(w, key, u):
            w.groups[key]["members"] = [m for m in w.groups[key]["members"] if m[0] != u]

        def add_someone(w, key, u):
            grp = w.groups[key]
            ka_id = w.dept(grp["admins"][0])
            cand = [x for x in w.members_of_ka(ka_id) if x not in [m[0] for m in grp["members"]]]
            grp["members"].append([cand[0], "USER"])

        def cosmetic(w, key, u):
            grp = w.groups[key]
            grp["name"] += "・啓発"
            grp["members"].append([self.kakari["警防係"], "ORGUNIT"])
            grp["visible"] = True

        stale_case("ST1", "March transfer without a transfers.csv row",
                   "dated by the March takenAt; 31 days later the untouched group fires in April and stays open",
                   "税務課", self.ka["収納課"], "2026-03", None,
                   {"2026-04": "new", "2026-05": "open"}, ["2026-02", "2026-03"],
                   group_name="税務課 市民税 申告受付")
        stale_case("ST2", "March transfer dated 2026-02-16 in transfers.csv",
                   "13 days at the March snapshot (no finding), fires in April, the user is removed in May",
                   "環境政策課", self.ka["生活安全課"], "2026-03", "2026-02-16",
                   {"2026-04": "new"}, ["2026-03", "2026-05"], edit=("2026-05", remove_member),
                   resolve_month="2026-05", group_name="ごみ減量推進")
        stale_case("ST3", "April transfer dated 2026-04-01",
                   "30 days 6 hours at the May snapshot: fires", "福祉総務課", self.ka["障がい福祉課"],
                   "2026-04", "2026-04-01", {"2026-05": "new"}, ["2026-04"], group_name="福祉総務課 地域福祉計画")
        stale_case("ST4", "April transfer without a transfers.csv row",
                   "dated by the April takenAt: exactly 30 days at the May snapshot, which is enough",
                   "都市計画課", self.ka["建築住宅課"], "2026-04", None, {"2026-05": "new"}, ["2026-04"],
                   group_name="都市計画課 立地適正化")
        stale_case("ST5", "April transfer dated 2026-04-10",
                   "21 days at the May snapshot: no finding", "教育総務課", self.ka["生涯学習課"],
                   "2026-04", "2026-04-10", None, ["2026-04", "2026-05"], group_name="教育総務課 施設管理")
        stale_case("ST6", "April transfer dated 2026-04-02",
                   "29 days 6 hours at the May snapshot: no finding", "学校教育課", self.ka["スポーツ振興課"],
                   "2026-04", "2026-04-02", None, ["2026-04", "2026-05"], group_name="学校教育課 指導連絡")
        stale_case("ST7", "group edited in May",
                   "a member is added in May, so the group was reviewed after the transfer",
                   "スポーツ振興課", self.ka["学校教育課"], "2026-04", "2026-04-01", None, ["2026-05"],
                   edit=("2026-05", add_someone), group_name="スポーツ振興課 施設予約")
        stale_case("ST8", "edit already in the April snapshot is not seen",
                   "a member is added in the same snapshot that observes the transfer; unchanged in May: fires",
                   "予防課", self.ka["警防課"], "2026-04", "2026-04-01", {"2026-05": "new"}, ["2026-04"],
                   edit=("2026-04", add_someone), group_name="予防課 査察")
        stale_case("ST9", "only name, ORGUNIT members and visibility change after the transfer",
                   "in May the group is renamed, gets an ORGUNIT member and is made public: none of this counts "
                   "as touching it, so it fires in May (and not-public is resolved)",
                   "消防総務課", self.ka["通信指令課"], "2026-04", "2026-04-01", {"2026-05": "new"}, ["2026-04"],
                   edit=("2026-05", cosmetic), group_name="消防総務課 広報", visible=False,
                   extra=[{"rule": "not-public", "subject": "", "expect": "fire",
                           "months": {"2026-02": "new", "2026-03": "open", "2026-04": "open"}},
                          {"rule": "not-public", "subject": "", "expect": "resolved", "months": ["2026-05"]}])
        stale_case("ST10", "transferred master",
                   "the transferred user is a master, not a member, of the untouched group",
                   "下水道課", self.ka["道路河川課"], "2026-04", "2026-04-01", {"2026-05": "new"}, ["2026-04"],
                   as_master=True, group_name="下水道課 災害復旧")

        # move between 係 of one 課, with a transfers.csv row: no transfer
        kakari_pair = [self.kakari["住民記録係"], self.kakari["戸籍係"]]
        free_in = [k for k in kakari_pair
                   if any(self.free(u) and self.role(u) not in ("係長",) and W.primary(W.people[u])["unit"] == k
                          for u in W.people)]
        mover = P("市民課", "staff", 1, unit=free_in[0])[0]
        other = next(k for k in kakari_pair if k != free_in[0])
        users = [self.kacho[sm], mover] + P("市民課", "staff", 2)
        key = g("市民課 窓口案内", [self.kacho[sm], users[2]], users, planted=True)
        self.hook("2026-04", lambda w, u=mover: move_user(w, u, other, "2026-04-01"))
        self.scenario("ST11", "move between 係 of the same 課",
                      "住民記録係 ⇄ 戸籍係 with a transfers.csv row: no transfer, no finding",
                      [miss(key, "stale-after-transfer", ["2026-04", "2026-05"], subject=mover)])

        # two transfers: March (no row) then April (2026-04-01): the April one counts
        staff = P("契約検査課", "staff", 4)
        twice = staff[0]
        kk = self.kacho[self.ka["契約検査課"]]
        key = g("入札参加資格審査", [kk, staff[1]], [kk] + staff, planted=True)
        self.hook("2026-03", lambda w, u=twice: move_user(w, u, self.ka["財政課"], None))
        self.hook("2026-04", lambda w, u=twice: move_user(w, u, self.kakari["庶務係"], "2026-04-01"))
        self.scenario("ST12", "transferred in March and again in April",
                      "the most recent (April) transfer counts: nothing in April although the March one is 31 days "
                      "old; fires in May",
                      [miss(key, "stale-after-transfer", ["2026-03", "2026-04"], subject=twice),
                       fire(key, "stale-after-transfer", {"2026-05": "new"}, subject=twice)])

        # member only added after the transfer
        staff = P("高齢福祉課", "staff", 1)
        late = staff[0]
        hokken_hosa = hosa  # 保険年金課 課長補佐 from NM8
        users = [hokken_hosa] + P("保険年金課", "staff", 3)
        key = g("地域包括ケア推進", [hokken_hosa, users[1]], users, planted=True)
        self.hook("2026-04", lambda w, u=late: move_user(w, u, self.ka["保険年金課"], "2026-04-01"))
        self.hook("2026-04", lambda w, key=key, u=late: w.groups[key]["members"].append([u, "USER"]))
        self.scenario("ST13", "member added only after the transfer",
                      "the 高齢福祉課 user joins the 保険年金課 group with the transfer; no membership from before",
                      [miss(key, "stale-after-transfer", ["2026-04", "2026-05"], subject=late)])

        # transfer makes a group cross-department (group untouched in April, fixed in May)
        douro = self.ka["道路河川課"]
        staff = P("道路河川課", "staff", 4, unit=self.kakari["河川係"])
        mover = staff[0]
        key = g("道路河川課 工事調整", [self.kacho[douro], staff[1]], [self.kacho[douro]] + staff, planted=True)
        self.reserved.append(self.kacho[douro])
        self.hook("2026-04", lambda w, u=mover: move_user(w, u, gesui, "2026-04-01"))
        self.hook("2026-05", lambda w, key=key, u=mover: remove_member(w, key, u))
        self.scenario("MD8", "transfer makes a group cross-department",
                      "a 道路河川課 member moves to 下水道課 in April and is still in the group: 下水道課 has no "
                      "manager there until the member is removed in May",
                      [fire(key, "missing-department-manager", {"2026-04": "new"}, subject=gesui),
                       miss(key, "missing-department-manager", ["2026-02", "2026-03", "2026-05"], subject=gesui),
                       resolved(key, "missing-department-manager", ["2026-05"], subject=gesui),
                       miss(key, "stale-after-transfer", ["2026-05"], subject=mover)])

        # ---- home departments
        zs = self.ka["財政課"]
        zombie = P("財政課", "staff", 1)[0]
        W.people[zombie]["suspended"] = "MASTER"
        users = [self.ensure_hosa("財政課")] + P("財政課", "staff", 1) + [self.kacho[toshi]] + P("都市計画課", "staff", 1)
        key = g("公共施設マネジメント", [zombie], users, planted=True)
        self.scenario("HD1", "home departments tie",
                      "no active master; 財政課 and 都市計画課 hold two active members each",
                      [{"group": key, "expect": "home", "months": {m: sorted([zs, toshi]) for m in A}},
                       fire(key, "no-active-master", always())])

        # April: new training group whose master and members are pending new hires
        def training(w):
            hires = [u for u, p in w.people.items() if p["hired"] == "2026-04-01"]
            pend = [u for u in hires if w.people[u]["pending"]]
            jinji_hosa = [u for u in w.members_of_ka(self.ka["人事課"]) if self.role_in(w, u) == "課長補佐"
                          or self.role_in(w, u) == "課長"]
            members = jinji_hosa[:1] + hires
            key = self.group("新任職員研修 2026", [pend[0]], members, planted=True,
                             desc="令和8年度新規採用職員の研修連絡")
            self.training_key = key
            self.training_pending = pend
        self.training_hook = training

    # ------------------------------------------------------------------ SPEC revision 2 (membership)
    def plant_rev2(self, worlds):
        """Planted cases of SPEC revision 2 (2.2, 2.3, 3.0): a master is not a member, ORGUNIT members
        bring 兼務 posts but not useTeamFeature-false ones, sub-units count, managers on leave do not,
        isAwaiting is inactive, and `near` names the manager who would have counted.

        They are added after every month has been built, with a random stream of their own, so that
        nothing planted or generated before moves: the new groups exist in April and May (made for the
        new fiscal year), the new 課長補佐 in every month, the new 会計年度任用職員 accounts from April.
        Existing people only gain group memberships, and two 課長 a 係長 post by 兼務 from April."""
        months = ["2026-04", "2026-05"]
        W5 = worlds["2026-05"]
        rng = random.Random(SEED + 2)
        used = set()
        managerial = ("部長", "消防長", "次長", "課長", "担当課長", "課長補佐", "係長", "指導主事", "主幹")

        def check(key, rule, expect, months_, subject="", near=None):
            c = {"group": key, "rule": rule, "subject": subject, "expect": expect, "months": months_}
            if near is not None:
                c["near"] = near
            return c

        def fire(key, rule, subject="", near=None):
            return check(key, rule, "fire", {"2026-04": "new", "2026-05": "open"}, subject, near)

        def miss(key, rule, subject=""):
            return check(key, rule, "near-miss", months, subject)

        def stable(uid):
            """Present, active, not on leave, same post in April and May."""
            sig = []
            for m in months:
                p = worlds[m].people.get(uid)
                if p is None or p["suspended"] or p["deleted"] or p["pending"] or p["leave"] or p.get("awaiting"):
                    return False
                e = worlds[m].primary(p)
                sig.append((e["unit"], e["pos"], e["mgr"], len(p["entries"])))
            return sig[0] == sig[1]

        def kacho(ka_name):
            uid = self.kacho[self.ka[ka_name]]
            if not stable(uid) or worlds["2026-04"].dept(uid) != self.ka[ka_name]:
                raise SystemExit(f"gen-sampledata: the {ka_name} 課長 {uid} is not stable in April and May")
            used.add(uid)
            return uid

        def staff(ka_name, n, unit=None):
            ka_id = self.ka[ka_name]
            cands = [u for u in sorted(W5.people)
                     if u not in used and stable(u) and W5.dept(u) == ka_id
                     and (unit is None or W5.primary(W5.people[u])["unit"] == unit)
                     and W5.people[u]["employment"] == "正職員" and len(W5.people[u]["entries"]) == 1
                     and not W5.primary(W5.people[u])["mgr"] and self.role_in(W5, u) not in managerial]
            if len(cands) < n:
                raise SystemExit(f"gen-sampledata: not enough stable staff in {ka_name} ({len(cands)} < {n})")
            chosen = rng.sample(cands, n)
            used.update(chosen)
            return chosen

        def person(unit, pos, in_months, employment="正職員", hired=None, hired_on=None, **attrs):
            saved_rng, saved_w = self.rng, self.w
            self.rng, self.w = rng, World()
            try:
                uid = self.new_person(unit, pos, hired=hired, employment=employment)
                p = self.w.people[uid]
            finally:
                self.rng, self.w = saved_rng, saved_w
            p.update(attrs)
            if hired_on:
                p["hired"] = hired_on
            for m in in_months:
                worlds[m].people[uid] = copy.deepcopy(p)
            used.add(uid)
            return uid

        def concurrent(uid, unit, pos, team):
            for m in months:
                worlds[m].people[uid]["entries"].append(
                    {"unit": unit, "pos": pos, "mgr": True, "primary": False, "team": team})

        def group(name, admins, users=(), units=(), desc=None):
            key = f"k{self.next_key:04d}"
            self.next_key += 1
            grp = {"key": key, "name": name, "desc": desc, "visible": True, "useMessage": True,
                   "admins": list(admins), "members": [[u, "USER"] for u in users] + [[u, "ORGUNIT"] for u in units]}
            for m in months:
                worlds[m].groups[key] = copy.deepcopy(grp)
            self.planted_keys.append(key)
            self.idmap[key] = f"g-{len(self.idmap) + 1:04d}"
            return key

        def scenario(sid, title, description, checks, people):
            self.scenario(sid, title, description, checks)
            self.scenarios[-1]["people"] = people
            self.rev2_ids.append(sid)

        # ---- RM1: a manager who is only a master / the same manager master and member
        k = kacho("環境政策課")
        s = staff("環境政策課", 5)
        only_master = group("環境基本計画 改定作業", [k, s[0]], s[:3], desc="第3次環境基本計画の改定（令和8年度）")
        both = group("環境審議会 事務局", [k, s[3]], [k] + s[3:5], desc="環境審議会の開催準備")
        scenario("RM1", "a 課長 who is only a master / the same 課長 master and member",
                 "the 環境政策課長 is a master of 環境基本計画 改定作業 but not in its members: no-manager, "
                 "near master-not-member; in 環境審議会 事務局 the same 課長 is master and member: no finding",
                 [fire(only_master, "no-manager", near=[{"user": k, "why": "master-not-member"}]),
                  miss(only_master, "missing-department-manager", subject=None),
                  miss(only_master, "single-master"),
                  miss(both, "no-manager"), miss(both, "missing-department-manager", subject=None),
                  miss(both, "single-master")],
                 {k: "環境政策課長 (master of both groups, member of the second only)"})

        # ---- RM2: 課長 兼 係長 (a 係 left without 係長 in April), reached through the 係 as ORGUNIT member
        kyuyo, kasen = self.kakari["給与厚生係"], self.kakari["河川係"]
        jk, dk = kacho("人事課"), kacho("道路河川課")
        concurrent(jk, kyuyo, "係長", True)
        concurrent(dk, kasen, "係長", False)
        s1 = staff("人事課", 2, unit=kyuyo)
        s2 = staff("道路河川課", 2, unit=kasen)
        counted = group("給与厚生係 福利厚生事業", s1, [], units=[kyuyo], desc="職員互助会・福利厚生事業の連絡")
        off = group("河川係 水位観測当番", s2, [], units=[kasen], desc="出水期の水位観測当番の連絡")
        scenario("RM2", "兼務 post reached through an ORGUNIT member / the same post with useTeamFeature false",
                 "from April the 人事課長 is also 給与厚生係長 by 兼務 and the 道路河川課長 also 河川係長; each 係 "
                 "is the ORGUNIT member of a group whose masters are two of its staff. The 人事課長's post counts "
                 "(no finding); the 道路河川課長's has useTeamFeature false: no-manager, near team-feature-off",
                 [miss(counted, "no-manager"), miss(counted, "missing-department-manager", subject=None),
                  fire(off, "no-manager", near=[{"user": dk, "why": "team-feature-off"}])],
                 {jk: "人事課長, 兼務 給与厚生係長 (useTeamFeature true)",
                  dk: "道路河川課長, 兼務 河川係長 (useTeamFeature false)"})

        sg_kacho = self.kacho[self.ka["生涯学習課"]]
        s = staff("文化財課", 2)
        bz = group("文化財課 埋蔵文化財調査", s, [], units=[self.ka["文化財課"]], desc="試掘・発掘調査の連絡")
        scenario("RM3", "兼務 課長 of another 課 reached through the ORGUNIT member",
                 "文化財課 (ORGUNIT) brings the 生涯学習課長 through the 兼務 文化財課長 post, and that 課長 manages "
                 "both 課: no finding (the first revision's reading, primary posts only, fired no-manager)",
                 [miss(bz, "no-manager"), miss(bz, "missing-department-manager", subject=None)],
                 {sg_kacho: "生涯学習課長, 兼務 文化財課長 (useTeamFeature true)"})

        # ---- RM4: managers in the sub-units of an ORGUNIT member
        bu = self.bu["教育部"]
        bucho = next(u for u in sorted(W5.people) if W5.primary(W5.people[u])["unit"] == bu
                     and self.role_in(W5, u) == "部長")
        if not stable(bucho):
            raise SystemExit("gen-sampledata: the 教育部長 is not stable in April and May")
        used.add(bucho)
        clerk = staff("教育総務課", 1)[0]
        whole = group("教育部 部内連絡", [bucho, clerk], [clerk], units=[bu], desc="教育部全職員への周知")
        scenario("RM4", "managers in the sub-units of an ORGUNIT member",
                 "教育部 (ou-0500) is the ORGUNIT member; its 庶務担当 in 教育総務課 is also listed as a member. "
                 "The 課長 sit in the 課 below the 部 and count (orgunit_includes_subunits = true): no finding. "
                 "With --no-orgunit-subunits only the 部 unit's own posts come in and missing-department-manager "
                 f"fires for 教育総務課 ({self.ka['教育総務課']})",
                 [miss(whole, "no-manager"), miss(whole, "missing-department-manager", subject=None)],
                 {bucho: "教育部長 (master)", clerk: "教育総務課 庶務担当 (master and member)"})

        # ---- RM5: a manager on leave / leave objects that do not mean leave
        ge, tk, sg = self.ka["下水道課"], self.ka["都市計画課"], self.ka["生涯学習課"]
        leave = person(ge, "課長補佐", MONTHS, leave=("2026-01-13T00:00:00+09:00", "2026-07-31T23:59:59+09:00"))
        back = person(tk, "課長補佐", MONTHS, leave_raw={"isLeaveOfAbsence": False,
                                                         "startTime": "2025-09-01T00:00:00+09:00",
                                                         "endTime": "2026-01-31T23:59:59+09:00"})
        odd = person(sg, "課長補佐", MONTHS, leave_raw={"isLeaveOfAbsence": "true", "startTime": None,
                                                        "endTime": None})
        s = staff("下水道課", 4)
        on_leave = group("下水道課 ストックマネジメント計画", s[:2], [leave] + s, desc="管路施設の長寿命化計画")
        s = staff("都市計画課", 3)
        returned = group("都市計画課 景観計画見直し", s[:2], [back] + s)
        s = staff("生涯学習課", 3)
        stringy = group("生涯学習課 公民館講座企画", s[:2], [odd] + s)
        scenario("RM5", "the only manager member on leave / leave objects that are not JSON true",
                 "a 下水道課 課長補佐 on 休職 (isLeaveOfAbsence true) is the group's only manager: no-manager, near "
                 "on-leave (with --count-on-leave the 課長補佐 counts and the finding goes away); a 都市計画課 課長補佐 back from leave "
                 "(isLeaveOfAbsence false, dates still set) and a 生涯学習課 課長補佐 whose isLeaveOfAbsence is the "
                 "string \"true\" count: no finding",
                 [fire(on_leave, "no-manager", near=[{"user": leave, "why": "on-leave"}]),
                  miss(on_leave, "inactive-member", subject=leave),
                  miss(returned, "no-manager"), miss(stringy, "no-manager")],
                 {leave: "下水道課 課長補佐, on leave", back: "都市計画課 課長補佐, isLeaveOfAbsence false",
                  odd: "生涯学習課 課長補佐, isLeaveOfAbsence \"true\" (a string)"})

        # ---- RM6: an awaiting account / isAwaiting false
        hoiku = self.kakari["保育係"]
        ko = kacho("子育て支援課")
        s = staff("子育て支援課", 2, unit=hoiku)
        waiting = person(hoiku, "主事", months, employment="会計年度任用職員", hired=2026, hired_on="2026-06-01",
                         awaiting=True)
        started = person(hoiku, "主事", months, employment="会計年度任用職員", hired=2026, awaiting=False)
        key = group("保育係 会計年度任用職員 連絡", [ko, s[0]], [ko] + s + [waiting, started],
                    desc="保育補助員の勤務シフト連絡")
        scenario("RM6", "an awaiting account as a direct member / isAwaiting false",
                 "two new 会計年度任用職員 accounts in 保育係: one still 待機中 (isAwaiting true, starts in June): "
                 "inactive-member; the other isAwaiting false: nothing",
                 [fire(key, "inactive-member", subject=waiting), miss(key, "inactive-member", subject=started),
                  miss(key, "no-manager")],
                 {waiting: "保育係 会計年度任用職員, isAwaiting true",
                  started: "保育係 会計年度任用職員, isAwaiting false"})

        # ---- RM7: a group of masters only
        a, b = kacho("危機管理課"), kacho("生活安全課")
        key = group("防犯・防災 連携会議（準備中）", [a, b], [], desc="メンバー未登録")
        scenario("RM7", "a group of masters only",
                 "two 課長 of two 課 are its masters and nobody is a member: no effective members, so no-manager "
                 "(near: both, master-not-member) and no missing-department-manager",
                 [fire(key, "no-manager", near=[{"user": u, "why": "master-not-member"} for u in sorted([a, b])]),
                  miss(key, "missing-department-manager", subject=None), miss(key, "single-master"),
                  miss(key, "no-active-master")],
                 {a: "危機管理課長 (master)", b: "生活安全課長 (master)"})

        # ---- RM8: the other department's manager is only a master
        kk, zk = kacho("契約検査課"), kacho("財政課")
        s1, s2 = staff("契約検査課", 2), staff("財政課", 2)
        key = group("電子契約 導入検討", [kk, zk], [kk] + s1 + s2, desc="電子契約サービスの導入検討（契約検査課・財政課）")
        scenario("RM8", "missing-department-manager whose manager is only a master",
                 "契約検査課 and 財政課 staff are members with the 契約検査課長; the 財政課長 is a master but not a "
                 f"member: missing-department-manager for 財政課 ({self.ka['財政課']}), near master-not-member",
                 [fire(key, "missing-department-manager", subject=self.ka["財政課"],
                       near=[{"user": zk, "why": "master-not-member"}]),
                  miss(key, "missing-department-manager", subject=self.ka["契約検査課"]),
                  miss(key, "no-manager")],
                 {kk: "契約検査課長 (master and member)", zk: "財政課長 (master only)"})

    # ------------------------------------------------------------------ the HR roster (issue 18, SPEC 3.5)
    def plant_hr(self, worlds):
        """The HR roster of April (UTF-8 with BOM) and May (CP932) and its planted cases.

        Added after every month has been built, with a random stream of its own, so nothing planted
        or generated before moves. The roster lists every current employee with the org unit code of
        their department and the date of their last appointment; the directory lags it for the planted
        people only. Directory changes: two shared accounts (April and May), one mistyped employee
        number (every month), one retiree's account suspended (April, May) and another deleted (May),
        one transfer without a transfers.csv row (April), and one planted group (every month)."""
        rng = random.Random(SEED + 3)
        months = ["2026-04", "2026-05"]
        W3, W4, W5 = worlds["2026-03"], worlds["2026-04"], worlds["2026-05"]
        planted_members = set()
        direct_any = {}
        for m in MONTHS:
            for key, grp in worlds[m].groups.items():
                people = set(grp["admins"]) | {i for i, t in grp["members"] if t == "USER"}
                if key in self.planted_keys:
                    planted_members |= people
                for u in people:
                    direct_any.setdefault(u, set()).add(key)
        managerial = ("部長", "消防長", "次長", "課長", "担当課長", "課長補佐", "係長", "指導主事", "主幹")
        used = set()

        def quiet(uid):
            """In every month, active, not on leave, same post; not planted, not reserved, ordinary staff."""
            if uid in self.reserved or uid in planted_members or uid in used:
                return False
            sig = set()
            for m in MONTHS:
                p = worlds[m].people.get(uid)
                if p is None or p["suspended"] or p["deleted"] or p["pending"] or p["leave"] or p.get("awaiting") \
                        or p.get("leave_raw") or p["employment"] != "正職員" or len(p["entries"]) != 1:
                    return False
                e = worlds[m].primary(p)
                if e["mgr"] or e["pos"] in managerial:
                    return False
                sig.add((e["unit"], e["pos"]))
            return len(sig) == 1

        def pick(n, groups, ka_name=None, exclude_ka=()):
            """n quiet people; groups True: a direct member or master of some (filler) group; False: of none;
            None: either."""
            cands = [u for u in sorted(W5.people) if quiet(u) and (groups is None or bool(direct_any.get(u)) == groups)
                     and (ka_name is None or W5.dept(u) == self.ka[ka_name]) and W5.dept(u) not in exclude_ka]
            if len(cands) < n:
                raise SystemExit(f"gen-sampledata: not enough quiet people for the HR cases ({len(cands)} < {n})")
            chosen = rng.sample(cands, n)
            used.update(chosen)
            return chosen

        def other_ka(uid):
            kas = [self.ka[k] for _, _, lst in ORG for k, _ in lst if k != "文化財課"]
            return rng.choice([k for k in kas if k != W5.dept(uid)])

        def check(rule, expect, months_, subject, group=""):
            return {"group": group, "rule": rule, "subject": subject, "expect": expect, "months": months_}

        def scenario(sid, title, description, checks, people):
            self.scenario(sid, title, description, checks)
            self.scenarios[-1]["people"] = people
            self.hr_ids.append(sid)

        # What the roster says where it differs from the directory: uid -> {month: (status, code, date)}.
        override = {}
        notes = {}
        self.hr_ids = []

        # ---- retirees of 2026-03-31 whose accounts are still there
        a, b = pick(2, groups=True)
        for u in (a, b):
            override[u] = {m: ("退職", "", "2026-03-31") for m in months}
            notes[u] = "定年退職"
        W5.people[a]["deleted"] = True
        scenario("HR1", "retiree of 3/31 still active in April; account deleted in May",
                 "the roster says 退職 2026-03-31; the account is active in April (retired-account-active, "
                 "with the number of groups the person is still a direct member or master of) and isDeleted "
                 "in May: resolved (its groups now show inactive-member)",
                 [check("retired-account-active", "fire", {"2026-04": "new"}, a),
                  check("retired-account-active", "resolved", ["2026-05"], a)],
                 {a: "退職 2026-03-31; active in April, isDeleted in May"})
        scenario("HR2", "retiree of 3/31 still active in April and May",
                 "nobody deletes the account: new in April, open in May",
                 [check("retired-account-active", "fire", {"2026-04": "new", "2026-05": "open"}, b)],
                 {b: "退職 2026-03-31; active in April and May"})
        c = pick(1, groups=False)[0]
        override[c] = {m: ("退職", "", "2026-03-31") for m in months}
        notes[c] = "定年退職"
        for m in months:
            worlds[m].people[c]["suspended"] = "MASTER"
        scenario("HR3", "retiree whose account is suspended",
                 "退職 2026-03-31 and the account isSuspended from April: not active, no finding",
                 [check("retired-account-active", "near-miss", months, c)],
                 {c: "退職 2026-03-31; suspended in April and May"})
        d = pick(1, groups=True)[0]
        override[d] = {m: ("退職", "", "2026-04-30") for m in months}
        notes[d] = "自己都合退職"
        scenario("HR4", "retirement dated after the April snapshot",
                 "both rosters say 退職 2026-04-30: not yet retired at the April snapshot (2026-04-01), retired "
                 "and still active in May",
                 [check("retired-account-active", "near-miss", ["2026-04"], d),
                  check("retired-account-active", "fire", {"2026-05": "new"}, d)],
                 {d: "退職 2026-04-30; active in April and May"})

        # ---- transfers the directory missed
        e, f, g_, h = pick(4, groups=True)
        new_e, new_f, new_g, new_h = other_ka(e), other_ka(f), other_ka(g_), other_ka(h)
        override[e] = {m: ("在職", unit_code(new_e), "2026-04-01") for m in months}
        scenario("HR5", "transfer of 2026-04-01 the directory missed",
                 f"the rosters place the person in {W5.unit_name(new_e)} from 2026-04-01; LINE WORKS still shows "
                 f"{W5.unit_name(W5.dept(e))}. 6 hours at the April snapshot (no finding), 30 days 6 hours in May: "
                 "directory-behind-hr",
                 [check("directory-behind-hr", "near-miss", ["2026-04"], e),
                  check("directory-behind-hr", "fire", {"2026-05": "new"}, e)],
                 {e: f"roster {W5.unit_name(new_e)} 2026-04-01, directory {W5.unit_name(W5.dept(e))}"})
        override[f] = {"2026-05": ("在職", unit_code(new_f), "2026-04-21")}
        notes[f] = "4/21付 異動（第②次）"
        scenario("HR6", "transfer of 2026-04-21 the directory missed (10 days)",
                 f"May's roster places the person in {W5.unit_name(new_f)} from 2026-04-21: 10 days 6 hours at the "
                 "May snapshot, within transfer_grace_days: no finding (April's roster still has the old 課)",
                 [check("directory-behind-hr", "near-miss", months, f)],
                 {f: f"May roster {W5.unit_name(new_f)} 2026-04-21, directory {W5.unit_name(W5.dept(f))}"})
        override[g_] = {m: ("在職", unit_code(new_g), "") for m in months}
        scenario("HR7", "undated 在職 row with another department",
                 f"the rosters place the person in {W5.unit_name(new_g)} without an effectiveDate; the directory "
                 f"shows {W5.unit_name(W5.dept(g_))}: directory-behind-hr at once (April new, May open)",
                 [check("directory-behind-hr", "fire", {"2026-04": "new", "2026-05": "open"}, g_)],
                 {g_: f"roster {W5.unit_name(new_g)} (no date), directory {W5.unit_name(W5.dept(g_))}"})
        override[h] = {m: ("在職", unit_code(new_h), "2026-03-01") for m in months}
        scenario("HR8", "transfer of 2026-03-01 the directory missed",
                 f"the rosters place the person in {W5.unit_name(new_h)} from 2026-03-01 (31 days 6 hours at the "
                 "April snapshot): directory-behind-hr in April (new) and May (open)",
                 [check("directory-behind-hr", "fire", {"2026-04": "new", "2026-05": "open"}, h)],
                 {h: f"roster {W5.unit_name(new_h)} 2026-03-01, directory {W5.unit_name(W5.dept(h))}"})
        j = pick(1, groups=True)[0]
        override[j] = {m: ("在職", UNKNOWN_CODE, "2026-04-01") for m in months}
        notes[j] = "㈱みどりかわ振興公社へ派遣"
        scenario("HR9", "orgUnitCode that matches no org unit",
                 f"the rosters give the code {UNKNOWN_CODE} (a secondment to ㈱みどりかわ振興公社, not an org unit "
                 "in LINE WORKS): the roster's department is unknown, so no directory-behind-hr; the row still "
                 "matches the account, so no account-not-in-hr",
                 [check("directory-behind-hr", "near-miss", months, j),
                  check("account-not-in-hr", "near-miss", months, j)],
                 {j: f"roster code {UNKNOWN_CODE}, 在職 2026-04-01"})

        # ---- accounts the roster does not know
        def shared(name, unit, email):
            uid = f"u-{self.next_user:05d}"
            self.next_user += 1
            p = {"uid": uid, "last": (name, "", ""), "first": ("共用", "きょうよう", ""), "email": email,
                 "empno": None, "hired": None, "employment": "共用アカウント", "level": "",
                 "entries": [{"unit": unit, "pos": "", "mgr": False, "primary": True}],
                 "suspended": None, "deleted": False, "pending": False, "leave": None}
            for m in months:
                worlds[m].people[uid] = copy.deepcopy(p)
            return uid

        s1 = shared("ＤＸ推進課", self.kakari["情報政策係"], SHARED_IGNORED)
        s2 = shared("選挙事務", self.kakari["文書係"], SHARED_LISTED_NOT)
        for m in months:
            worlds[m].people[s1]["empno"] = ""          # written as "employeeNumber": ""
        scenario("HR10", "shared accounts without an employee number",
                 f"two shared accounts created in April: the ＤＸ推進課's ({SHARED_IGNORED}) is in hr.ignore_users "
                 f"(SampleData/lwgov.toml): no finding; the election one ({SHARED_LISTED_NOT}, no employeeNumber "
                 "key) is not: account-not-in-hr (April new, May open)",
                 [check("account-not-in-hr", "near-miss", months, s1),
                  check("account-not-in-hr", "fire", {"2026-04": "new", "2026-05": "open"}, s2)],
                 {s1: f"{SHARED_IGNORED}, employeeNumber \"\", ignored", s2: f"{SHARED_LISTED_NOT}, not ignored"})
        typo = pick(1, groups=True)[0]
        number = W5.people[typo]["empno"]
        taken = {p["empno"] for w in worlds.values() for p in w.people.values()}
        # a slip of one digit in the middle (year and serial kept apart), to a number nobody has
        wrong = next(number[:4] + x + number[5:] for x in "7890123456" if number[:4] + x + number[5:] not in taken)
        for m in MONTHS:
            worlds[m].people[typo]["empno_directory"] = wrong
        scenario("HR11", "employee number mistyped in LINE WORKS",
                 f"users.json has {wrong}, the roster {number}: the account matches no roster row "
                 "(account-not-in-hr, April new, May open) and the row matches no account (nothing)",
                 [check("account-not-in-hr", "fire", {"2026-04": "new", "2026-05": "open"}, typo),
                  check("directory-behind-hr", "near-miss", months, typo),
                  check("retired-account-active", "near-miss", months, typo)],
                 {typo: f"employeeNumber {wrong} in users.json, {number} in the roster"})

        # ---- a transfer in the directory without a transfers.csv row, dated by the roster
        ka_name, dest_name = "障がい福祉課", "福祉総務課"
        ka_id, dest = self.ka[ka_name], self.ka[dest_name]
        boss, dest_boss = self.kacho[ka_id], self.kacho[dest]
        for m in MONTHS:
            for u, d_ in ((boss, ka_id), (dest_boss, dest)):
                p = worlds[m].people.get(u)
                if p is None or worlds[m].dept(u) != d_ or p["suspended"] or p["deleted"] or p["leave"]:
                    raise SystemExit(f"gen-sampledata: the 課長 {u} is not in place in {m}")
        k = pick(1, groups=False, ka_name=ka_name)[0]
        s_1, s_2 = pick(2, groups=None, ka_name=ka_name)
        for m in months:
            worlds[m].primary(worlds[m].people[k])["unit"] = dest
        override[k] = {m: ("在職", unit_code(dest), "2026-04-10") for m in months}
        notes[k] = "4/10付 異動（第①次）"
        key = f"k{self.next_key:04d}"
        self.next_key += 1
        grp = {"key": key, "name": "障がい者地域生活支援 連携会議", "desc": "障がい福祉課・福祉総務課の連携",
               "visible": True, "useMessage": True, "admins": [boss, s_1],
               "members": [[u, "USER"] for u in (boss, dest_boss, k, s_1, s_2)]}
        for m in MONTHS:
            worlds[m].groups[key] = copy.deepcopy(grp)
        self.planted_keys.append(key)
        self.idmap[key] = f"g-{len(self.idmap) + 1:04d}"
        self.hr12 = (key, k, W5.people[k]["empno"])
        scenario("HR12", "transfer without a transfers.csv row, dated by the roster",
                 f"a {ka_name} member of a {ka_name}–{dest_name} group (both 課長 are members) moves to "
                 f"{dest_name} in the April directory, with no transfers.csv row; April's roster dates the "
                 "appointment 2026-04-10, so at the May snapshot the transfer is 21 days old and "
                 "stale-after-transfer does not fire (dated by the April takenAt it would be 30 days and fire). "
                 "No other finding on the group",
                 [check("stale-after-transfer", "near-miss", months, k, group=key),
                  check("missing-department-manager", "near-miss", MONTHS, None, group=key),
                  check("single-master", "near-miss", MONTHS, "", group=key),
                  check("directory-behind-hr", "near-miss", months, k)],
                 {k: f"{ka_name} → {dest_name} in April, roster 2026-04-10, no transfers.csv row"})

        # ST4 keeps its meaning (dated by the April takenAt): its roster row has no effectiveDate.
        st4 = next(sc for sc in self.scenarios if sc["id"] == "ST4")["checks"][0]["subject"]

        # ---- the last appointment of everyone else
        appointed = {}
        for m in ("2026-03", "2026-04"):
            for uid, date, _, _ in worlds[m].transfers:
                appointed[uid] = date or m + "-01"
        for uid, p in worlds["2026-04"].people.items():
            q = W3.people.get(uid)
            if q is not None and W3.primary(q)["pos"] != worlds["2026-04"].primary(p)["pos"]:
                appointed[uid] = "2026-04-01"
        appointed[st4] = ""
        everyone = {}
        for m in MONTHS:
            everyone.update(worlds[m].people)
        dates = {}
        for uid in sorted(everyone):
            p = everyone[uid]
            if p["hired"] is None:
                continue
            if uid in appointed:
                dates[uid] = appointed[uid]
                continue
            options = [x for x in ("2023-04-01", "2024-04-01", "2025-04-01") if x > p["hired"]] + [p["hired"]]
            dates[uid] = "" if rng.random() < 0.12 else rng.choice(options)

        # ---- the rosters
        self.rosters, self.roster_rows = {}, {}
        for m in months:
            w, prev = worlds[m], worlds[MONTHS[MONTHS.index(m) - 1]]
            rows = []
            for uid, p in w.people.items():
                if p["empno"] is None or p["empno"] == "" or p["deleted"] and uid not in override \
                        or p.get("awaiting"):
                    continue
                on_leave = p["leave"] is not None or (p.get("leave_raw") or {}).get("isLeaveOfAbsence") is True
                status, code, date = "休職" if on_leave else "在職", unit_code(w.primary(p)["unit"]), dates[uid]
                if uid in override and m in override[uid]:
                    status, code, date = override[uid][m]
                rows.append((p["empno"], f"{p['last'][0]} {p['first'][0]}", status, code, date, notes.get(uid, "")))
            for uid, p in prev.people.items():     # left since the last month: 3/31 and 4/30 retirements
                if uid not in w.people and p["empno"]:
                    rows.append((p["empno"], f"{p['last'][0]} {p['first'][0]}", "退職", "",
                                 *(("2026-03-31", "定年退職") if m == "2026-04" else ("2026-04-30", "退職"))))
            if m == "2026-05":                      # April's retirees stay in the roster
                may = {r[0] for r in rows}
                rows += [r for r in self.roster_rows["2026-04"] if r[2] == "退職" and r[0] not in may]
            rows.sort()
            self.roster_rows[m] = rows
            if HR_MONTHS[m] == "cp932":
                # HR's registered kanji (異体字) where LINE WORKS has the common form, and NEC/IBM extensions.
                rows = [(n, name.replace("高橋", "髙橋").replace("山崎", "山﨑").replace("宮崎", "宮﨑"), st, code, d, note)
                        for n, name, st, code, d, note in rows]
                header = ["name", "employeeNumber", "orgUnitCode", "status", "effectiveDate", "備考"]
                lines = [",".join(header)] + [",".join([r[1], r[0], r[3], r[2], r[4], r[5]]) for r in rows]
            else:
                header = ["employeeNumber", "name", "status", "orgUnitCode", "effectiveDate"]
                lines = [",".join(header)] + [",".join(r[:5]) for r in rows]
            text = "\r\n".join(lines) + "\r\n"
            data = text.encode(HR_MONTHS[m])
            if data.decode(HR_MONTHS[m]) != text:
                raise SystemExit(f"gen-sampledata: the {m} roster does not round-trip through {HR_MONTHS[m]}")
            if HR_MONTHS[m] == "cp932":
                extended = [ch for ch in "髙﨑①②㈱" if ch in text]
                if len(extended) < 5:
                    raise SystemExit(f"gen-sampledata: the CP932 roster holds only {extended} of 髙﨑①②㈱")
                self.roster_extended = extended
            self.rosters[m] = data

    @staticmethod
    def role_in(w, uid):
        return w.primary(w.people[uid])["pos"]

    # ------------------------------------------------------------------ fillers
    def fillers(self):
        rng, W, g = self.rng, self.w, self.group
        kas = [(bu, ka, self.ka[ka], kakari) for bu, _, lst in ORG for ka, kakari in lst]

        def managers(ka_id):
            return [u for u in W.members_of_ka(ka_id)
                    if self.role(u) in ("課長", "課長補佐") and self.active(u)] + \
                ([self.kacho[self.ka["生涯学習課"]]] if ka_id == self.ka["文化財課"] else [])

        def staff_of(ka_id, unit=None):
            return [u for u in W.members_of_ka(ka_id) if self.role(u) not in ("課長", "課長補佐")
                    and self.active(u) and (unit is None or W.primary(W.people[u])["unit"] == unit)]

        def masters_for(cands, lead):
            if rng.random() < 0.07:
                return [lead]
            others = [c for c in cands if c != lead]
            return [lead, rng.choice(others)] if others else [lead]

        # 課 庶務 (one per 課): half by ORGUNIT, half by listing the users
        for bu, ka, ka_id, kakari in kas:
            mgrs = managers(ka_id)
            lead = mgrs[0]
            st = staff_of(ka_id)
            admins = masters_for(mgrs + st[:3], lead)
            if rng.random() < 0.5:
                g(f"{ka} 庶務", admins, [], units=[ka_id], desc=f"{ka}の庶務連絡")
            else:
                g(f"{ka} 庶務", admins, mgrs + st, desc=f"{ka}の庶務連絡")
        # 係 groups
        for bu, ka, ka_id, kakari in kas:
            for k in kakari:
                k_id = self.kakari[k]
                st = staff_of(ka_id, k_id)
                mgr = managers(ka_id)
                boss = [mgr[-1]] if mgr and rng.random() < 0.96 else []
                chief = [u for u in st if self.role(u) == "係長"] or st[:1]
                g(f"{k} 連絡", masters_for(st, chief[0]), boss + st,
                  visible=(False if rng.random() < 0.05 else True))
        # 部 groups
        for bu, bu_id, lst in ORG:
            heads = [u for u, p in W.people.items() if W.primary(p)["unit"] == bu_id]
            kachos = [self.kacho.get(self.ka[k]) for k, _ in lst if self.kacho.get(self.ka[k])]
            g(f"{bu} 課長会議", masters_for(heads + kachos, heads[0]), heads + kachos)
            reps = []
            for k, _ in lst:
                m = managers(self.ka[k])
                s = staff_of(self.ka[k])
                reps += ([m[-1]] if m else []) + rng.sample(s, 1)
            g(f"{bu} 庶務担当者会議", masters_for(reps, reps[0]), reps)
        # cross-organisation groups
        for name in CROSS_NAMES:
            chosen = rng.sample(kas, rng.randint(2, 5))
            users = []
            for bu, ka, ka_id, kakari in chosen:
                m = managers(ka_id)
                if m and rng.random() < 0.96:
                    users.append(rng.choice(m))
                users += rng.sample(staff_of(ka_id), rng.randint(1, 3))
            lead = users[0]
            g(name, masters_for(users, lead), users, visible=(False if rng.random() < 0.03 else True),
              use_message=(rng.random() > 0.05))
        # 課内 teams
        for i in range(96):
            bu, ka, ka_id, kakari = kas[i % len(kas)] if i < len(kas) else rng.choice(kas)
            topic = rng.choice(TEAM_TOPICS[bu])
            name = f"{ka} {topic}"
            if any(x["name"] == name for x in W.groups.values()):
                continue
            st = staff_of(ka_id)
            users = rng.sample(st, min(len(st), rng.randint(3, 9)))
            mgr = managers(ka_id)
            if mgr and rng.random() < 0.96:
                users = [rng.choice(mgr)] + users
            g(name, masters_for(users, users[0]), users, visible=(False if rng.random() < 0.03 else True))
        # informal
        for name in ("昼休みランニング", "2020年度採用 同期"):
            pool = [u for u in W.people if self.role(u) in ("主事", "主任", "技師", "主事補")]
            users = rng.sample(pool, rng.randint(5, 9))
            g(name, users[:2], users)

    # ------------------------------------------------------------------ random events
    def free_users(self, roles=None):
        return [u for u in self.w.people if self.free(u) and (roles is None or self.role(u) in roles)
                and self.w.people[u]["employment"] == "正職員"]

    def feb_status(self):
        rng, W = self.rng, self.w
        for u in rng.sample(self.free_users(), 5):
            W.people[u]["suspended"] = rng.choice(["LOGIN_FAIL", "MASTER"])
            self.reserved.append(u)
        for u in rng.sample(self.free_users(), 2):
            W.people[u]["deleted"] = True
            self.reserved.append(u)
        for u in rng.sample(self.free_users(("主事", "主事補", "主任", "保健師")), 5):
            W.people[u]["leave"] = ("2025-%02d-01T00:00:00+09:00" % rng.randint(4, 12), "2026-%02d-31T23:59:59+09:00" % rng.choice([3, 5, 7, 8]))
        for u in rng.sample(self.free_users(("主事補",)), 2):
            W.people[u]["pending"] = True
            self.reserved.append(u)

    def concurrent_posts(self):
        """A few more 兼務: staff helping another 課, and a 課長補佐 who is also 課長補佐 elsewhere."""
        rng, W = self.rng, self.w
        kas = [self.ka[k] for _, _, lst in ORG for k, _ in lst if k != "文化財課"]
        for i, u in enumerate(rng.sample(self.free_users(("主査", "主任", "主事")), 5)
                              + rng.sample(self.free_users(("課長補佐",)), 1)):
            other = rng.choice([k for k in kas if k != W.dept(u)])
            pos = self.role(u) if self.role(u) == "課長補佐" else rng.choice(["主査", "主任"])
            W.people[u]["entries"].append({"unit": other, "pos": pos, "mgr": False, "primary": False})
            self.reserved.append(u)

    def inactive_in_fillers(self):
        """A few February groups still list a suspended or deleted account, a few are private."""
        W = self.w
        inactive = [u for u in W.people if not self.active(u) and u in self.reserved]
        fillers = [k for k in W.groups if k not in self.planted_keys]
        for u, key in zip(self.rng.sample(inactive, 4), self.rng.sample(fillers, 4)):
            W.groups[key]["members"].append([u, "USER"])
        for key in self.rng.sample(fillers, 4):   # created as 非公開 and never changed
            W.groups[key]["visible"] = False

    def random_transfer(self, uid, month, date, dst_ka=None):
        W = self.w
        src = W.dept(uid)
        kas = [self.ka[k] for _, _, lst in ORG for k, _ in lst] + ([NEW_KA_APRIL[2]] if month >= "2026-04" else [])
        dst = dst_ka or self.rng.choice([k for k in kas if k != src and k != self.ka["文化財課"]])
        subs = [u["orgUnitId"] for u in W.units if u["parentOrgUnitId"] == dst]
        unit = self.rng.choice(subs) if subs and self.role(uid) not in ("課長", "課長補佐") else dst
        move_user(W, uid, unit, date)
        self.reserved.append(uid)
        return unit

    def march_events(self):
        rng, W = self.rng, self.w
        movers = rng.sample(self.free_users(("主事", "主任", "主査", "技師", "主任技師")), 3)
        for i, u in enumerate(movers):
            self.random_transfer(u, "2026-03", "2026-03-01" if i < 2 else None)
        for u in rng.sample(self.free_users(), 1):
            W.people[u]["suspended"] = "LOGIN_FAIL"
            self.reserved.append(u)
        leaver = rng.choice(self.free_users(("主事", "主任")))
        W.people.pop(leaver)
        self.reserved.append(leaver)

    def april_events(self):
        rng, W = self.rng, self.w
        # 組織改正: new 課
        bu_id = self.bu[NEW_KA_APRIL[0]]
        W.units.append(self._unit(NEW_KA_APRIL[2], NEW_KA_APRIL[1], bu_id, 2, 6))
        # 課長 rotation cycle
        kachos = [self.kacho[k] for k in sorted(self.kacho) if self.free(self.kacho[k])]
        cycle = rng.sample(kachos, min(4, len(kachos)))
        targets = [W.dept(u) for u in cycle]
        for i, u in enumerate(cycle):
            self.random_transfer(u, "2026-04", "2026-04-01", dst_ka=targets[(i + 1) % len(cycle)])
        # new 課 gets a promoted 課長 (from 環境政策課 課長補佐 or staff) and three staff
        hosa = self.free_users(("課長補佐",))
        head = rng.choice(hosa)
        move_user(W, head, NEW_KA_APRIL[2], "2026-04-01", pos="課長", mgr=True)
        W.people[head]["level"] = LEVEL["課長"]
        self.reserved.append(head)
        for u in rng.sample(self.free_users(("主事", "主任", "主査", "技師")), 3):
            self.random_transfer(u, "2026-04", "2026-04-01", dst_ka=NEW_KA_APRIL[2])
        # 課長補佐 moves
        for u in rng.sample(self.free_users(("課長補佐",)), 5):
            self.random_transfer(u, "2026-04", "2026-04-01")
        # staff moves: most dated 2026-04-01, some without a row, one dated 2026-04-10
        staff = rng.sample(self.free_users(("主事", "主任", "主査", "技師", "主任技師", "保健師", "社会福祉士",
                                            "係長", "消防士長", "消防副士長", "消防士")), 40)
        for i, u in enumerate(staff):
            date = None if i % 13 == 5 else ("2026-04-10" if i == 17 else "2026-04-01")
            self.random_transfer(u, "2026-04", date)
        # moves between 係 of one 課 (not transfers), most with a transfers.csv row
        moved = 0
        for u in self.free_users(("主事", "主任", "主査")):
            unit = W.primary(W.people[u])["unit"]
            if W.unit(unit)["depth"] != 3:
                continue
            siblings = [x["orgUnitId"] for x in W.units
                        if x["parentOrgUnitId"] == W.unit(unit)["parentOrgUnitId"] and x["orgUnitId"] != unit]
            if not siblings or rng.random() < 0.85:
                continue
            move_user(W, u, siblings[0], "2026-04-01" if moved % 3 else None)
            self.reserved.append(u)
            moved += 1
            if moved == 6:
                break
        # 定年退職 (vanish) and promotions
        for u in rng.sample(self.free_users(("主査", "係長")), 8):
            W.people.pop(u)
            self.reserved.append(u)
        for ka_id in sorted(self.kacho):
            u = self.kacho[ka_id]
            if not self.free(u) or W.dept(u) != ka_id:
                continue
            hosa = [x for x in W.members_of_ka(ka_id) if self.role(x) == "課長補佐" and self.free(x)]
            if hosa and rng.random() < 0.25:
                W.people.pop(u)
                self.reserved.extend([u, hosa[0]])
                e = W.primary(W.people[hosa[0]])
                e.update(pos="課長", mgr=True)
                W.people[hosa[0]]["level"] = LEVEL["課長"]
        # new hires (some not yet activated)
        kas = [self.ka[k] for _, _, lst in ORG for k, _ in lst if k != "文化財課"]
        for i in range(18):
            ka_id = rng.choice(kas)
            subs = [x["orgUnitId"] for x in W.units if x["parentOrgUnitId"] == ka_id]
            u = self.new_person(rng.choice(subs) if subs else ka_id, "主事補", hired=2026)
            W.people[u]["pending"] = i % 4 == 0
            self.reserved.append(u)
        for u in rng.sample(self.free_users(), 1):
            W.people[u]["suspended"] = "MASTER"
            self.reserved.append(u)

    def may_events(self):
        rng, W = self.rng, self.w
        for u, p in W.people.items():
            if p["hired"] == "2026-04-01" and p["pending"]:
                p["pending"] = False
        for u in rng.sample(self.free_users(), 2):
            W.people[u]["suspended"] = rng.choice(["LOGIN_FAIL", "MASTER"])
            self.reserved.append(u)
        leaver = rng.choice(self.free_users(("主事", "主任")))
        W.people.pop(leaver)

    def filler_upkeep(self, month, prev):
        """Filler groups react to this month's departures: most at once, some later, some never."""
        rng, W = self.rng, self.w
        for m, key, users, then in [x for x in self.pending_updates if x[0] == month]:
            self._drop(key, users, then)
        self.pending_updates = [x for x in self.pending_updates if x[0] != month]
        later = MONTHS[MONTHS.index(month) + 1] if month != MONTHS[-1] else None
        for key, grp in W.groups.items():
            if key in self.planted_keys:
                continue
            direct = [m[0] for m in grp["members"] if m[1] == "USER"] + grp["admins"]
            gone = []
            for u in dict.fromkeys(direct):
                if u not in W.people and u in prev.people:
                    gone.append(u)
                elif u in W.people and u in prev.people and W.dept(u) != prev.dept(u):
                    gone.append(u)
            if not gone:
                continue
            r = rng.random()
            if r < 0.92:
                self._drop(key, gone, prev)
            elif r < 0.96 and later:
                self.pending_updates.append((later, key, gone, prev))

    def _drop(self, key, users, prev=None):
        """Remove departed users; keep the number of masters; bring in the 課's current managers."""
        W = self.w
        grp = W.groups.get(key)
        if grp is None:
            return
        successors = []
        if prev is not None:
            for u in users:
                if u in prev.people and self.role_in(prev, u) in ("課長", "課長補佐"):
                    d = prev.dept(u)
                    same = [x for x in W.members_of_ka(d) if self.active(x)
                            and self.role_in(W, x) == self.role_in(prev, u)]
                    chief = [x for x in W.members_of_ka(d) if self.active(x) and self.role_in(W, x) == "課長"]
                    successors += (same or chief)[:1]
        grp["members"] = [m for m in grp["members"] if not (m[1] == "USER" and m[0] in users)]
        present = [m[0] for m in grp["members"]]
        for x in successors:
            if x not in present and x not in users:
                grp["members"].append([x, "USER"])
        before = len(dict.fromkeys(grp["admins"]))
        kept = [a for a in grp["admins"] if a not in users]
        cands = [m[0] for m in grp["members"] if m[1] == "USER" and self.active(m[0]) and m[0] not in kept]
        while len(dict.fromkeys(kept)) < before and cands:
            kept.append(cands.pop(0))
        grp["admins"] = kept

    def filler_fixes(self, month):
        """A few filler groups are fixed or broken each month, as the DX team chases them."""
        rng, W = self.rng, self.w
        fillers = [k for k in W.groups if k not in self.planted_keys]
        for key in rng.sample(fillers, 4):
            grp = W.groups[key]
            users = [m[0] for m in grp["members"] if m[1] == "USER" and m[0] in W.people and m[0] not in grp["admins"]]
            if len(set(grp["admins"])) == 1 and users:
                grp["admins"].append(users[0])
            if grp["visible"] is False:
                grp["visible"] = True
        key = rng.choice(fillers)
        if len(W.groups[key]["admins"]) > 1:
            W.groups[key]["admins"] = W.groups[key]["admins"][:1]

    # ------------------------------------------------------------------ serialisation
    def ser_user(self, w, p):
        entries = []
        for e in p["entries"]:
            entries.append({"orgUnitId": e["unit"], "orgUnitName": w.unit_name(e["unit"]),
                            "primary": e["primary"], "positionName": e["pos"], "isManager": e["mgr"],
                            "visible": True, "useTeamFeature": e.get("team", True)})
        leave = p["leave"]
        out = {
            "userId": p["uid"], "email": p["email"], "domainId": DOMAIN_ID,
            "userName": {"lastName": p["last"][0], "firstName": p["first"][0],
                         "phoneticLastName": p["last"][1], "phoneticFirstName": p["first"][1]},
            "isAdministrator": p["uid"] in self.admin_ids, "isPending": p["pending"]}
        if p.get("awaiting") is not None:      # written only where planted (SPEC rev. 2 cases)
            out["isAwaiting"] = p["awaiting"]
        out.update({
            "isSuspended": bool(p["suspended"]), "isDeleted": p["deleted"],
            "suspendedReason": p["suspended"],
            "leaveOfAbsence": p.get("leave_raw") or
            {"isLeaveOfAbsence": leave is not None,
             "startTime": leave[0] if leave else None, "endTime": leave[1] if leave else None},
            "employeeNumber": p.get("empno_directory", p["empno"]), "hiredDate": p["hired"],
            "employmentTypeName": p["employment"],
            "locale": "ja_JP", "timeZone": "Asia/Tokyo",
            "organizations": [{"domainId": DOMAIN_ID, "primary": True, "email": p["email"],
                               "levelName": p["level"], "organizationName": CITY, "orgUnits": entries}],
        })
        if out["employeeNumber"] is None:       # a shared account written without the key
            del out["employeeNumber"]
        return out

    @staticmethod
    def ser_unit(u):
        return {"orgUnitId": u["orgUnitId"], "orgUnitName": u["orgUnitName"], "domainId": DOMAIN_ID,
                "parentOrgUnitId": u["parentOrgUnitId"], "displayLevel": u["depth"],
                "displayOrder": u["displayOrder"], "visible": True, "orgUnitExternalKey": unit_code(u["orgUnitId"]),
                "email": None, "description": None}

    def ser_group(self, grp):
        out = {"groupId": self.gid(grp["key"]), "groupName": grp["name"], "description": grp["desc"]}
        if grp["visible"] is not None:
            out["visible"] = grp["visible"]
        out.update({"groupExternalKey": None, "useMessage": grp["useMessage"], "useNote": True,
                    "useCalendar": grp["useMessage"], "useTask": False, "useFolder": grp["useMessage"],
                    "administrators": [{"userId": a} for a in grp["admins"]],
                    "members": [{"id": self.gid(i) if t == "GROUP" else i, "type": t} for i, t in grp["members"]]})
        return out

    def gid(self, key):
        return self.idmap[key]

    def write_month(self, out, month, w):
        d = os.path.join(out, month)
        os.makedirs(d)
        units = sorted(w.units, key=lambda u: u["orgUnitId"])
        users = [self.ser_user(w, p) for _, p in sorted(w.people.items())]
        groups = sorted((self.ser_group(x) for x in w.groups.values()), key=lambda x: x["groupId"])
        write_list(os.path.join(d, "users.json"), "users", users)
        write_list(os.path.join(d, "orgunits.json"), "orgUnits", [self.ser_unit(u) for u in units])
        write_list(os.path.join(d, "groups.json"), "groups", groups)
        meta = {"takenAt": TAKEN_AT[month]}
        if HR_MONTHS.get(month) == "cp932":
            meta["hrEncoding"] = "cp932"
        write_text(os.path.join(d, "snapshot.json"), json.dumps(meta) + "\n")
        if month in self.rosters:
            with open(os.path.join(d, "hr.csv"), "wb") as fh:
                fh.write(self.rosters[month])
        rows = [t for t in w.transfers if t[1] is not None]
        if rows:
            lines = ["userId,effectiveDate,fromOrgUnitId,toOrgUnitId"]
            lines += [",".join(r) for r in sorted(rows)]
            write_text(os.path.join(d, "transfers.csv"), "\n".join(lines) + "\n")

    # ------------------------------------------------------------------ main flow
    def run(self, out):
        self.build_org()
        self.build_people()
        self.admin_ids = []
        self.plant()
        self.concurrent_posts()
        self.feb_status()
        self.fillers()
        self.inactive_in_fillers()
        dx_staff = [u for u in self.w.members_of_ka(self.ka["ＤＸ推進課"]) if self.role(u) == "主査"]
        self.admin_ids = sorted(dx_staff[:2])
        # group ids: February's groups in a shuffled order, later groups after them
        keys = list(self.w.groups)
        self.rng.shuffle(keys)
        self.idmap = {k: f"g-{i:04d}" for i, k in enumerate(keys, start=1)}

        worlds = {}
        worlds["2026-02"] = copy.deepcopy(self.w)
        for month in MONTHS[1:]:
            prev = worlds[MONTHS[MONTHS.index(month) - 1]]
            self.w.transfers = []
            if month == "2026-04":
                self.april_events()
            for fn in self.hooks[month]:
                fn(self.w)
            if month == "2026-03":
                self.march_events()
            if month == "2026-04":
                self.training_hook(self.w)
            if month == "2026-05":
                self.may_events()
            self.filler_upkeep(month, prev)
            self.filler_fixes(month)
            for k in self.w.groups:
                if k not in self.idmap:
                    self.idmap[k] = f"g-{len(self.idmap) + 1:04d}"
            worlds[month] = copy.deepcopy(self.w)
        # the training group (April) is a planted scenario too
        tk = self.training_key
        self.scenario("AM5", "new group whose only master is a pending new hire",
                      "created in April; the hires are activated in May (single-master then)",
                      [{"group": tk, "rule": "no-active-master", "subject": "", "expect": "fire",
                        "months": {"2026-04": "new"}},
                       {"group": tk, "rule": "no-active-master", "subject": "", "expect": "near-miss",
                        "months": ["2026-05"]},
                       {"group": tk, "rule": "single-master", "subject": "", "expect": "fire",
                        "months": {"2026-05": "new"}}]
                      + [{"group": tk, "rule": "inactive-member", "subject": u, "expect": "fire",
                          "months": {"2026-04": "new"}} for u in self.training_pending[:2]])
        self.plant_rev2(worlds)
        self.plant_hr(worlds)

        if os.path.exists(out):
            foreign = sorted(set(os.listdir(out)) - set(MONTHS) - {"expected.json", "README.md", "lwgov.toml"})
            if foreign:
                raise SystemExit(f"gen-sampledata: {out} holds {foreign[0]}, which this generator did not "
                                 "write; refusing to replace the directory")
            shutil.rmtree(out)
        os.makedirs(out)
        for month in MONTHS:
            self.write_month(out, month, worlds[month])
        return worlds


def move_user(w, uid, unit, date=None, pos=None, mgr=None):
    """Change a user's primary org unit (and post); record the transfers.csv row (date None: no row)."""
    e = w.primary(w.people[uid])
    frm = e["unit"]
    e["unit"] = unit
    if pos is not None:
        e["pos"] = pos
    if mgr is not None:
        e["mgr"] = mgr
    w.transfers.append((uid, date, frm, unit))


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def write_list(path, key, items):
    body = ",\n".join(json.dumps(x, ensure_ascii=False, separators=(",", ":")) for x in items)
    write_text(path, "{\"%s\":[\n%s],\n\"responseMetaData\":{\"nextCursor\":null}}\n" % (key, body))


# --------------------------------------------------------------------------- checks and docs

def verify(doc, scenarios):
    by_month = {s["period"]: s for s in doc["snapshots"]}
    problems = []
    for sc in scenarios:
        for c in sc["checks"]:
            months = c["months"]
            for m in (months if isinstance(months, list) else list(months)):
                snap = by_month[m]
                if c["expect"] == "home":
                    got = snap["homeDepartments"].get(c["group"])
                    if got != months[m]:
                        problems.append(f"{sc['id']} {m} {c['group']}: home {got}, want {months[m]}")
                    continue
                hits = [f for f in snap["findings"] if f["rule"] == c["rule"] and f["group"] == c["group"]
                        and (c["subject"] is None or f["subject"] == c["subject"])]
                if c["expect"] == "fire":
                    if hits and m in c.get("due", {}):
                        f = hits[0]
                        text = f"{f['rule']} {f['group']} {f['subject']}"
                        escalated = any(text in keys for bu in snap["escalation"] for keys in bu["departments"].values())
                        got = {"due": f["due"], "overdue": f["overdue"], "escalated": escalated}
                        if got != c["due"][m]:
                            problems.append(f"{sc['id']} {m} {c['group']} {c['rule']}: {got}, want {c['due'][m]}")
                    if not hits:
                        problems.append(f"{sc['id']} {m} {c['group']} {c['rule']} {c['subject']!r}: did not fire")
                    elif months[m] and hits[0]["status"] != months[m]:
                        problems.append(f"{sc['id']} {m} {c['group']} {c['rule']}: status {hits[0]['status']}, "
                                        f"want {months[m]}")
                    elif "near" in c and hits[0].get("near") != c["near"]:
                        problems.append(f"{sc['id']} {m} {c['group']} {c['rule']}: near {hits[0].get('near')}, "
                                        f"want {c['near']}")
                elif c["expect"] == "near-miss":
                    if hits:
                        problems.append(f"{sc['id']} {m} {c['group']} {c['rule']} {c['subject']!r}: fired")
                elif c["expect"] == "resolved":
                    if not any(r["rule"] == c["rule"] and r["group"] == c["group"] and r["subject"] == c["subject"]
                               for r in snap["resolved"]):
                        problems.append(f"{sc['id']} {m} {c['group']} {c['rule']}: not resolved")
    # Every rule fires on several groups in several months; every status appears.
    # (Account rules: on >= 2 accounts, in both months with a roster.)
    for rule in oracle.RULES:
        field = "subject" if rule in oracle.ACCOUNT_RULES else "group"
        months = [s["period"] for s in doc["snapshots"] if len({f[field] for f in s["findings"] if f["rule"] == rule}) >= 2]
        if len(months) < 2:
            problems.append(f"rule {rule} fires on >= 2 {field}s in only {months}")
    for status in oracle.STATUSES:
        if not any(s["statusCounts"][status] for s in doc["snapshots"]):
            problems.append(f"status {status} never occurs")
    # The due-date edges: somewhere a finding exactly on its due date, one overdue by one day, one
    # overdue by 29 days (not escalated), and an escalation.
    for label, test in (("on its due date", lambda od, f: od == 0), ("one day overdue", lambda od, f: od == 1),
                        ("29 days overdue", lambda od, f: od == 29), ("escalated", lambda od, f: od >= 30)):
        if not any(test(overdue_days(s, f), f) for s in doc["snapshots"] for f in s["findings"]):
            problems.append(f"no finding is {label} in any month")
    for s in doc["snapshots"]:
        share = s["groupsWithFindings"] / s["groups"]
        if not 0.25 <= share <= 0.40:
            problems.append(f"{s['period']}: {share:.0%} of groups have a finding (want 25–40%)")
    return problems


def overdue_days(snap, finding):
    """The snapshot's date minus the finding's due date, in days (SampleData's takenAt are local dates)."""
    from datetime import date
    return (date.fromisoformat(snap["takenAt"][:10]) - date.fromisoformat(finding["due"])).days


def attach_due_cases(scenarios):
    """Adds each DUE_CASES entry as `due` to its scenario's first fire check of the rule."""
    by_id = {sc["id"]: sc for sc in scenarios}
    for sid, rule, months, _ in DUE_CASES:
        check = next(c for c in by_id[sid]["checks"] if c["rule"] == rule and c["expect"] == "fire")
        check["due"] = {m: {"due": d, "overdue": o, "escalated": e} for m, (d, o, e) in months.items()}


def due_section(doc, scenarios, worlds, config):
    days = dict(config.due_days)
    lines = [
        "## Due dates and escalation (issue 19, SPEC 3.6)",
        "",
        "Every finding in `expected.json` has `due` (YYYY-MM-DD) and `overdue`. The oracle has no waivers "
        "and no plans, so every finding listed has a due date: the date it last became open (`new`: its "
        "first-seen date; `reopened`: the date of that snapshot; `open`: the date it had when last "
        "present; an account finding keeps its date across a month without a roster) plus "
        f"`remediation.due_days` (high {days['high']}, medium {days['medium']}, low {days['low']} days; "
        "`config.due_days`). It is overdue when the snapshot's date (Asia/Tokyo) is after the due date. "
        "Every snapshot is taken on the 1st at 06:00, so the due dates are:",
        "",
        "| became open | high | medium | low |",
        "| --- | --- | --- | --- |",
    ]
    from datetime import date, timedelta
    for s in doc["snapshots"]:
        opened = date.fromisoformat(s["takenAt"][:10])
        lines.append(f"| {opened} | " + " | ".join(str(opened + timedelta(days=days[sev])) for sev in oracle.SEVERITIES)
                     + " |")
    lines += [
        "",
        "Per snapshot, `overdueCounts` counts the overdue findings per rule and `escalation` lists the "
        f"findings overdue by at least `remediation.escalate_after_days` = {config.escalate_after_days} days "
        "(`config.escalate_after_days`) for the 部長: "
        '`[{"bu": 部, "departments": {課: ["rule group subject", …]}}]`. '
        "A finding goes under every department its report goes to (a group's home "
        "departments, and the subject department of `missing-department-manager`; the account's primary "
        "department for an account finding); the 部 of a department is its parent org unit (a department "
        "that is itself a depth-1 unit, such as a 部長 placed directly in 建設部 `ou-0400`, is its own 部). "
        "A finding routed to no department (the empty group of EM1) is in no escalation.",
        "",
        "| month | " + " | ".join(oracle.RULES) + " | overdue | escalated | 部 escalated |",
        "| --- |" + " --- |" * (len(oracle.RULES) + 3),
    ]
    for s in doc["snapshots"]:
        escalated = {k for bu in s["escalation"] for keys in bu["departments"].values() for k in keys}
        lines.append(f"| {s['period']} | " + " | ".join(str(s["overdueCounts"][r]) for r in oracle.RULES)
                     + f" | {sum(s['overdueCounts'].values())} | {len(escalated)} | {len(s['escalation'])} |")
    lines += ["", "Escalation by 部 (課 with findings / findings listed, a finding under two 課 counted in each):", ""]
    for s in doc["snapshots"]:
        w = worlds[s["period"]]
        parts = [f"{w.unit_name(bu['bu'])} `{bu['bu']}` {len(bu['departments'])} / "
                 f"{sum(len(v) for v in bu['departments'].values())}" for bu in s["escalation"]]
        lines.append(f"- {s['period']}: " + ("; ".join(parts) if parts else "none"))
    lines += ["", "Planted findings that show the edges (their checks in `planted` carry the expected `due`, "
              "`overdue` and escalation per month):", "",
              "| id | finding | month: due, overdue, escalated | shows |", "| --- | --- | --- | --- |"]
    by_id = {sc["id"]: sc for sc in scenarios}
    for sid, rule, months, what in DUE_CASES:
        check = next(c for c in by_id[sid]["checks"] if c["rule"] == rule and c["expect"] == "fire")
        who = f"`{check['group']}`" if check["group"] else f"account `{check['subject']}`"
        cells = "; ".join(f"{m[5:]}: {d}, {'overdue' if o else 'not overdue'}{', escalated' if e else ''}"
                          for m, (d, o, e) in months.items())
        lines.append(f"| {sid} | `{rule}` {who} | {cells} | {what} |")
    nextday = [(s["period"], f) for s in doc["snapshots"] for f in s["findings"] if overdue_days(s, f) == 1]
    if nextday:
        m, f = nextday[0]
        lines += ["", f"One day overdue: `{f['rule']}` `{f['group']}`" + (f" `{f['subject']}`" if f["subject"] else "")
                  + f" (first seen {f['firstSeen']}, due {f['due']}) is overdue on {m}-01 by one day "
                  f"({len(nextday)} findings over the four months are one day overdue: medium ones from "
                  "March in April, low ones from March in May)."]
    lines.append("")
    return lines


def person_name(worlds, uid):
    for m in reversed(MONTHS):
        p = worlds[m].people.get(uid)
        if p is not None:
            return f"{p['last'][0]} {p['first'][0]}"
    return uid


def flag_flips(dirs, doc, base):
    """For each of the three membership settings turned the other way: the findings of April and May
    that appear ("+") or disappear ("−"), each as (sign, rule, group, subject, [periods])."""
    flips = []
    for flag, cfg in (("--masters-are-members", dataclasses.replace(base, masters_are_members=True)),
                      ("--count-on-leave", dataclasses.replace(base, count_on_leave=True)),
                      ("--no-orgunit-subunits", dataclasses.replace(base, orgunit_includes_subunits=False))):
        other = oracle.analyse(dirs, cfg)
        changes = {}
        for base, alt in zip(doc["snapshots"], other["snapshots"]):
            if base["period"] not in ("2026-04", "2026-05"):
                continue
            a = {(f["rule"], f["group"], f["subject"]) for f in base["findings"]}
            b = {(f["rule"], f["group"], f["subject"]) for f in alt["findings"]}
            for k in sorted(b - a):
                changes.setdefault(("+",) + k, []).append(base["period"])
            for k in sorted(a - b):
                changes.setdefault(("−",) + k, []).append(base["period"])
        flips.append((flag, [k + (v,) for k, v in sorted(changes.items(), key=lambda kv: kv[0][2:] + kv[0][:2])]))
    return flips


def rev2_section(scenarios, worlds, names, flips):
    why_text = {"master-not-member": "master, not a member", "on-leave": "on leave",
                "team-feature-off": "its post has useTeamFeature false"}
    lines = [
        "## SPEC revision 2 cases (membership as LINE WORKS defines it)",
        "",
        "A master is not a member by being a master; an ORGUNIT member brings every post (any `orgUnits` "
        "entry, 兼務 included) in the unit and its sub-units, except a post with `useTeamFeature: false`; "
        "`isAwaiting: true` is inactive; a manager on leave (`leaveOfAbsence.isLeaveOfAbsence: true`) does "
        "not count. These groups exist in **2026-04 and 2026-05** only (created for the new fiscal year: "
        "`new` in April, `open` in May); the three new 課長補佐 are in every month, the two new "
        "会計年度任用職員 accounts from April, and the two 兼務 係長 posts of RM2 from April. Every post in "
        "`users.json` carries `useTeamFeature: true`, except the 道路河川課長's 河川係 post.",
        "",
        "In `expected.json`, every `no-manager` and `missing-department-manager` finding carries `near`: "
        "`[{\"user\": userId, \"why\": \"master-not-member\" | \"on-leave\" | \"team-feature-off\"}]`, "
        "sorted by user id (empty when nobody is near); other findings do not have the key.",
        "",
    ]
    for sc in scenarios:
        if sc["id"] not in flips["ids"]:
            continue
        lines += [f"### {sc['id']} — {sc['title']}", "", sc["description"][:1].upper() + sc["description"][1:] + ".", ""]
        for uid, role in sc.get("people", {}).items():
            lines.append(f"- `{uid}` {person_name(worlds, uid)}: {role}")
        by_group = {}
        for c in sc["checks"]:
            by_group.setdefault(c["group"], []).append(c)
        for gid, checks in by_group.items():
            parts = []
            for c in checks:
                subject = f" `{c['subject']}`" if c["subject"] else (" (any subject)" if c["subject"] is None else "")
                if c["expect"] == "fire":
                    near = ", ".join(f"`{n['user']}` {why_text[n['why']]} (`{n['why']}`)" for n in c.get("near", []))
                    parts.append(f"**fires** `{c['rule']}`{subject}" + (f", near: {near}" if "near" in c else ""))
                else:
                    parts.append(f"no `{c['rule']}`{subject}")
            lines.append(f"- `{gid}` {names[gid]}: " + "; ".join(parts))
        lines.append("")
    lines += ["### The three settings turned the other way (April and May)", "",
              "`scripts/oracle.py` with the flag, compared with the defaults over the same four months "
              "(+ appears, − disappears):", ""]
    for flag, changes in flips["changes"]:
        lines.append(f"- `{flag}`: " + ("; ".join(f"{sign} `{r}` `{g}`" + (f" `{subj}`" if subj else "")
                                                  + f" ({', '.join(periods)})"
                                                  for sign, r, g, subj, periods in changes)
                                        if changes else "no change"))
    lines.append("")
    return lines


def hr_section(scenarios, worlds, names, gen):
    def when(months):
        return ", ".join(f"{m[5:]} {st}" if st else m[5:] for m, st in
                         (months.items() if isinstance(months, dict) else ((m, "") for m in months)))

    rows = {m: len(gen.roster_rows[m]) for m in HR_MONTHS}
    lines = [
        "## The HR roster (issue 18, SPEC 3.5)",
        "",
        f"`2026-04/hr.csv` (UTF-8 with a BOM, {rows['2026-04']} rows) and `2026-05/hr.csv` (CP932, {rows['2026-05']} "
        "rows; that month's `snapshot.json` says `\"hrEncoding\": \"cp932\"`) are the HR system's exports; "
        "February and March have none, so the account rules are not checked there. Both are CSV with CRLF "
        "line ends. April's columns are `employeeNumber,name,status,orgUnitCode,effectiveDate`; May's are in "
        "another order with an extra column the reader ignores: "
        "`name,employeeNumber,orgUnitCode,status,effectiveDate,備考`. May's names use the registered kanji "
        "where LINE WORKS has the common form (髙橋, 山﨑, 宮﨑) and its 備考 holds ①, ② and ㈱, so the "
        "CP932 decoder is exercised (" + "".join(gen.roster_extended) + "; the generator checks that the file "
        "round-trips through Python's cp932 codec).",
        "",
        "The roster lists every current employee with an employee number: `在職` (`休職` for those on "
        "leave), `orgUnitCode` the HR code of their primary org unit (its `orgUnitExternalKey`), "
        "`effectiveDate` the date of their last appointment (the transfer or promotion date for April's "
        "moves, empty for about one row in eight). The retirees of 2026-03-31 are `退職 2026-03-31` in both "
        "months, May's leaver `退職 2026-04-30` in May; their accounts have left users.json, so they match "
        "nothing. Deleted and awaiting accounts are not listed. The ST4 mover's row has no effectiveDate, "
        "so that transfer is still dated by the April takenAt (the scenario keeps its meaning); the other "
        "April transfers without a transfers.csv row have `2026-04-01` in the roster, which dates them "
        "(no finding changes: 30 days 6 hours instead of 30 days in May).",
        "",
        f"`SampleData/lwgov.toml` is the city's configuration for the demo: `[organization] name` and "
        f"`[hr] ignore_users = {json.dumps(IGNORE_USERS, ensure_ascii=False)}`; `expected.json`'s `config` "
        "records the same list as `hr_ignore_users` (the oracle's `--ignore-users`). Account findings have "
        "`group` `\"\"` and `subject` the userId; `retired-account-active` findings carry `groups`, the number "
        "of groups the person is still a direct member or master of. `groupsWithFindings` counts groups only.",
        "",
        "| id | account | case | expected |",
        "| --- | --- | --- | --- |",
    ]
    for sc in scenarios:
        if sc["id"] not in gen.hr_ids:
            continue
        for uid, role in sc.get("people", {}).items():
            parts = []
            for c in sc["checks"]:
                if c["subject"] != uid and not (c["group"] and c["subject"] in (None, "") or
                                                c["group"] and c["rule"] == "missing-department-manager"):
                    continue
                where = f" `{c['group']}`" if c["group"] else ""
                if c["expect"] == "fire":
                    parts.append(f"**{c['rule']}**{where} ({when(c['months'])})")
                elif c["expect"] == "resolved":
                    parts.append(f"{c['rule']}{where} resolved ({when(c['months'])})")
                else:
                    parts.append(f"no {c['rule']}{where} ({when(c['months'])})")
            lines.append(f"| {sc['id']} | `{uid}` {person_name(worlds, uid)} | {role} | {'; '.join(parts)} |")
    lines.append("")
    return lines


def readme(doc, scenarios, worlds, names=None, flips=None, gen=None, config=None):
    lines = [
        "# SampleData — 翠川市 (Midorikawa City)",
        "",
        "Generated by `python3 scripts/gen-sampledata.py` (deterministic, seed "
        f"{SEED}); do not edit by hand. 翠川市 is a fictional city; all names, ids and addresses "
        f"(`@{MAIL_DOMAIN}`) are made up.",
        "",
        "## The city",
        "",
        "Six 部 at depth 1 (総務部, 市民部, 福祉保健部, 建設部, 教育部, 消防本部; ids `ou-0100` … `ou-0600`), "
        f"{sum(len(l) for _, _, l in ORG)} 課 at depth 2 (e.g. ＤＸ推進課 `ou-0140`), some with 係 at depth 3. "
        "部長 (消防長) sit directly in their 部 unit; each 課 has one 課長 (`isManager: true`), "
        "except 文化財課, whose 課長 is the 生涯学習課長 by 兼務. The April 組織改正 adds ゼロカーボン推進課 "
        "(`ou-0260`). Every org unit carries an `orgUnitExternalKey`, its code in the HR system, which the "
        "roster's `orgUnitCode` matches: 100000 + 10 × the id's number (`ou-0140` → `101400`, 情報政策係 "
        "`ou-0141` → `101410`).",
        "",
        "| month | takenAt | users | groups | transfers.csv rows | hr.csv |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for s in doc["snapshots"]:
        m = s["period"]
        w = worlds[m]
        rows = len([t for t in w.transfers if t[1] is not None]) if m != "2026-02" else 0
        hr = (f"{len(gen.roster_rows[m])} rows, " + ("UTF-8 with BOM" if HR_MONTHS[m] == "utf-8-sig" else "CP932")
              if gen is not None and m in HR_MONTHS else "—")
        lines.append(f"| {m} | {s['takenAt']} | {len(w.people)} | {s['groups']} | {rows} | {hr} |")
    lines += [
        "",
        "March: a few transfers (one dated 2026-02-16), suspensions, one leaver. April 1 is the "
        "定期人事異動: a 課長 rotation, 課長補佐 and staff moves (most dated 2026-04-01 in transfers.csv, "
        "some without a row, two dated 2026-04-10, one 2026-04-02), moves between 係 of one 課 "
        "(not transfers), retirements (users vanish from users.json while still in groups), "
        "promotions and new hires (some pending). May: hires activated, more suspensions, groups fixed.",
        "",
        "## Expected results",
        "",
        "`expected.json` is the output of `scripts/oracle.py` (an independent Python reading of SPEC "
        "revision 2, 2.2–3.6, no waivers, no plans, the default configuration with `hr.ignore_users` of "
        "`lwgov.toml`) over the four months in order, plus "
        "`planted`: the scenarios below with the group ids and rule each one exercises (`fire` with the "
        "expected status per month and, for the revision 2 cases, the expected `near`; `near-miss`, "
        "`resolved`, `home`). The generator asserts every planted check against the oracle.",
        "",
        "| month | " + " | ".join(oracle.RULES) + " | new | open | reopened | resolved |",
        "| --- |" + " --- |" * (len(oracle.RULES) + 4),
    ]
    for s in doc["snapshots"]:
        lines.append(f"| {s['period']} | " + " | ".join(str(s["counts"][r]) for r in oracle.RULES) + " | "
                     + " | ".join(str(s["statusCounts"][k]) for k in oracle.STATUSES) + " |")
    lines += ["", "## Planted scenarios", "", "| id | groups | what it exercises |", "| --- | --- | --- |"]
    for sc in scenarios:
        gids = ", ".join(dict.fromkeys(f"`{c['group']}`" if c["group"] else f"account `{c['subject']}`"
                                       for c in sc["checks"]))
        lines.append(f"| {sc['id']} | {gids} | {sc['title']}: {sc['description']} |")
    lines += ["", "All other groups are ordinary, mostly compliant groups; the findings they have arise "
              "from the same events (single masters, transfers not followed up, leavers) and are realistic "
              "noise, checked only through the oracle's totals. Under revision 2 a few of them also have "
              "findings that come from the new reading: a 課 given as ORGUNIT member now brings the staff "
              "who hold a 兼務 post in it, whose own 課 then has no manager in the group.", ""]
    if flips is not None:
        lines += rev2_section(scenarios, worlds, names, flips)
    if gen is not None:
        lines += hr_section(scenarios, worlds, names, gen)
    if config is not None:
        lines += due_section(doc, scenarios, worlds, config)
    return "\n".join(lines)


def roster_dating_contrast(gen, out, config):
    """HR12's point: without the roster's effectiveDate (dated by the April takenAt instead), the same
    group would get stale-after-transfer in May. Checked on a copy whose April row has no date."""
    import tempfile
    key, uid, number = gen.hr12
    with tempfile.TemporaryDirectory() as tmp:
        dirs = []
        for m in MONTHS:
            shutil.copytree(os.path.join(out, m), os.path.join(tmp, m))
            dirs.append(os.path.join(tmp, m))
        path = os.path.join(tmp, "2026-04", "hr.csv")
        with open(path, encoding="utf-8-sig", newline="") as fh:
            lines = fh.read().split("\r\n")
        hit = [i for i, line in enumerate(lines) if line.startswith(number + ",") and line.endswith(",2026-04-10")]
        if len(hit) != 1:
            return [f"HR12: the April roster row of {number} dated 2026-04-10 was not found"]
        lines[hit[0]] = lines[hit[0]][:-len("2026-04-10")]
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write("\r\n".join(lines))
        other = oracle.analyse(dirs, config)
    may = other["snapshots"][-1]
    if not any(f["rule"] == "stale-after-transfer" and f["group"] == gen.gid(key) and f["subject"] == uid
               for f in may["findings"]):
        return [f"HR12: without the roster's date stale-after-transfer {gen.gid(key)} {uid} does not fire in May"]
    return []


def lwgov_toml():
    return "\n".join([
        "# The configuration of the fictional 翠川市 that the demo loads with SampleData",
        "# (written by scripts/gen-sampledata.py; keys of SPEC section 6, the others at their defaults).",
        "",
        "[organization]",
        f'name = "{CITY}"',
        "",
        "[hr]",
        "# shared accounts without an employee number that the roster is not expected to list",
        "ignore_users = [" + ", ".join(f'"{u}"' for u in IGNORE_USERS) + "]",
        "",
    ])


def main(argv):
    parser = argparse.ArgumentParser(description="Generate SampleData/ for lwgov.")
    parser.add_argument("--out", default=os.path.join(ROOT, "SampleData"))
    args = parser.parse_args(argv)
    gen = Generator()
    worlds = gen.run(args.out)
    dirs = [os.path.join(args.out, m) for m in MONTHS]
    config = oracle.Config(hr_ignore_users=tuple(IGNORE_USERS))
    doc = oracle.analyse(dirs, config, labels=[f"SampleData/{m}" for m in MONTHS])
    scenarios = []
    for sc in gen.scenarios:
        checks = []
        for c in sc["checks"]:
            c = dict(c, group=gen.gid(c["group"]) if c["group"] else "")
            checks.append(c)
        scenarios.append(dict(sc, checks=checks))
    attach_due_cases(scenarios)
    problems = verify(doc, scenarios) + roster_dating_contrast(gen, args.out, config)
    names = {gen.idmap[k]: next(w.groups[k]["name"] for w in reversed(list(worlds.values())) if k in w.groups)
             for k in gen.idmap}
    flips = {"ids": gen.rev2_ids, "changes": flag_flips(dirs, doc, config)}
    expected = {"generator": "scripts/gen-sampledata.py", "seed": SEED,
                "config": {"department_level": 2, "grace_days": 30, "tz": "Asia/Tokyo",
                           "positions": oracle.DEFAULT_POSITIONS, "count_on_leave": False,
                           "masters_are_members": False, "orgunit_includes_subunits": True,
                           "hr_ignore_users": IGNORE_USERS, "due_days": dict(config.due_days),
                           "escalate_after_days": config.escalate_after_days},
                "snapshots": doc["snapshots"], "planted": scenarios}
    write_text(os.path.join(args.out, "expected.json"), oracle.dumps_lines(expected) + "\n")
    write_text(os.path.join(args.out, "README.md"), readme(doc, scenarios, worlds, names, flips, gen, config))
    write_text(os.path.join(args.out, "lwgov.toml"), lwgov_toml())
    if problems:
        print("gen-sampledata: planted scenarios not confirmed by the oracle:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"gen-sampledata: wrote {args.out} ({len(scenarios)} scenarios confirmed)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
