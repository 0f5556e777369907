import Foundation
import LWGovExtract
import LWGovModel
import Testing

private let tokyo = CivilTime(identifier: "Asia/Tokyo")!

/// CP932 bytes of the roster's words, written out by hand (not produced by the converter under test).
enum CP932 {
    static let zaishoku: [UInt8] = [0x8D, 0xDD, 0x90, 0x45]  // 在職
    static let kyushoku: [UInt8] = [0x8B, 0x78, 0x90, 0x45]  // 休職
    static let taishoku: [UInt8] = [0x91, 0xDE, 0x90, 0x45]  // 退職
    static let maruOne: [UInt8] = [0x87, 0x40]  // ① (NEC special characters)
    static let kabu: [UInt8] = [0x87, 0x8A]  // ㈱ (NEC special characters)
    static let takaIBM: [UInt8] = [0xFB, 0xFC]  // 髙 (IBM extension)
    static let takaNEC: [UInt8] = [0xEE, 0xE0]  // 髙 (NEC-selected IBM extension)
    static let saki: [UInt8] = [0xFA, 0xB1]  // 﨑 (IBM extension)

    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// The same roster as `RosterFixture.text`, byte by byte in CP932, CRLF line ends.
    static let roster: Data = {
        var b: [UInt8] = ascii("name,employeeNumber,status,orgUnitCode,effectiveDate,extra\r\n")
        b += takaIBM + ascii("\u{20}") + maruOne + ascii(",1001,") + zaishoku + ascii(",K-DX,2026-04-01,x\r\n")
        b += takaNEC + saki + ascii(",1002,") + kyushoku + ascii(",K-SOMU,,\r\n")
        b += kabu + ascii(" \"") + saki + ascii("\",1003,") + taishoku + ascii(",,2026-03-31,\r\n")
        return Data(b)
    }()
}

/// One roster three ways: UTF-8, UTF-8 with a BOM, CP932.
enum RosterFixture {
    static let text = """
        name,employeeNumber,status,orgUnitCode,effectiveDate,extra\r
        髙 ①,1001,在職,K-DX,2026-04-01,x\r
        髙﨑,1002,休職,K-SOMU,,\r
        ㈱ "﨑",1003,退職,,2026-03-31,\r

        """
    static let utf8 = Data(text.utf8)
    static let utf8BOM = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)

    static let expected = Roster(entries: [
        RosterEntry(employeeNumber: "1001", status: .active, orgUnitCode: "K-DX", effectiveDate: "2026-04-01", name: "髙 ①"),
        RosterEntry(employeeNumber: "1002", status: .leave, orgUnitCode: "K-SOMU", name: "髙﨑"),
        RosterEntry(employeeNumber: "1003", status: .retired, effectiveDate: "2026-03-31", name: "㈱ \"﨑\""),
    ])
}

private func parse(_ data: Data, _ encoding: RosterInput.Encoding = .utf8, matchColumn: String = "employeeNumber") throws -> Roster {
    try RosterCSV.parse(data, file: "hr.csv", encoding: encoding, matchColumn: matchColumn, civilTime: tokyo)
}

private func parse(_ text: String, matchColumn: String = "employeeNumber") throws -> Roster {
    try parse(Data(text.utf8), matchColumn: matchColumn)
}

/// The error of reading the roster; nil when it was read.
private func failure(_ data: Data, _ encoding: RosterInput.Encoding = .utf8) -> ExtractError? {
    do {
        _ = try parse(data, encoding)
        return nil
    } catch let error as ExtractError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

struct RosterCSVTests {
    @Test func utf8WithAndWithoutBOMAndCP932GiveTheSameRoster() throws {
        let plain = try parse(RosterFixture.utf8)
        #expect(plain == RosterFixture.expected)
        #expect(try parse(RosterFixture.utf8BOM) == plain)
        #expect(try parse(CP932.roster, .cp932) == plain)
    }

    @Test func cp932ExtraCharactersDecodeToTheirUnicodeCharacters() throws {
        func name(_ bytes: [UInt8]) throws -> String? {
            let data = Data(CP932.ascii("employeeNumber,status,orgUnitCode,name\n1,active,K,") + bytes + CP932.ascii("\n"))
            return try parse(data, .cp932).entries.first?.name
        }
        #expect(try name(CP932.maruOne) == "\u{2460}")  // ①
        #expect(try name(CP932.kabu) == "\u{3231}")  // ㈱
        #expect(try name(CP932.takaIBM) == "\u{9AD9}")  // 髙 from 0xFBFC
        #expect(try name(CP932.takaNEC) == "\u{9AD9}")  // 髙 from 0xEEE0
        #expect(try name(CP932.saki) == "\u{FA11}")  // 﨑
        #expect(try name(CP932.zaishoku + CP932.taishoku) == "在職退職")
    }

    @Test func headerNamesInAnyOrderAndExtraColumnsAreIgnored() throws {
        let roster = try parse("memo,effectiveDate,name,orgUnitCode,status,employeeNumber,部署\nm,2026-04-01,田中 葵,K1,active,7,総務\n")
        #expect(roster == Roster(entries: [RosterEntry(employeeNumber: "7", status: .active, orgUnitCode: "K1", effectiveDate: "2026-04-01", name: "田中 葵")]))
        // Only the required columns: name and date may be absent from the header.
        let minimal = try parse("status,employeeNumber,orgUnitCode\n在職,8,K2\n")
        #expect(minimal.entries == [RosterEntry(employeeNumber: "8", status: .active, orgUnitCode: "K2")])
    }

    @Test func quotedFieldsFollowRFC4180() throws {
        let header = "employeeNumber,status,orgUnitCode,name,memo\n"
        let first = "\"1\",在職,K1,\"田中, 葵 \"\"あおい\"\"\",\"二行の\r\nメモ\"\n"
        let roster = try parse(header + first + "2,在職,K1,,\n")
        #expect(roster.entries.map(\.employeeNumber) == ["1", "2"])
        #expect(roster.entries.map(\.name) == ["田中, 葵 \"あおい\"", nil])
        // A record spanning two lines: the next record's line is counted after it.
        let error = try #require(failure(Data((header + first + "2,転職,K1,,\n").utf8)))
        #expect(error.message.contains("hr.csv: line 4: status '転職'"), "\(error.message)")
    }

    @Test func statusWordsInJapaneseAndEnglish() throws {
        let roster = try parse("employeeNumber,status,orgUnitCode,effectiveDate\n1,在職,K,\n2,休職,K,\n3,退職,,2026-03-31\n4,active,K,\n5,leave,K,\n6,retired,,2026-03-31\n")
        #expect(roster.entries.map(\.status) == [.active, .leave, .retired, .active, .leave, .retired])
    }

    @Test func matchByEmailReadsTheEmailColumn() throws {
        let roster = try parse("employeeNumber,status,orgUnitCode,email\n1,在職,K,a@example.jp\n", matchColumn: "email")
        #expect(roster.entries.first?.matchValue == "a@example.jp")
        #expect(throws: ExtractError.self) { try parse("employeeNumber,status,orgUnitCode\n1,在職,K\n", matchColumn: "email") }
    }

    @Test(arguments: [
        ("employeeNumber,status,orgUnitCode\n1,在職,K\n2,転職,K\n", "hr.csv: line 3: status '転職'"),
        ("employeeNumber,status,orgUnitCode\n1,在職,K\n2,,K\n", "hr.csv: line 3: status ''"),
        ("employeeNumber,status,orgUnitCode\n1,在職,K\n\n1,休職,K\n", "hr.csv: line 4: employeeNumber '1' already has a row on line 2"),
        ("employeeNumber,status,orgUnitCode,effectiveDate\n1,在職,K,2026-02-30\n", "hr.csv: line 2: effectiveDate '2026-02-30'"),
        ("employeeNumber,status,orgUnitCode,effectiveDate\n1,在職,K,20260401\n", "hr.csv: line 2: effectiveDate '20260401'"),
        ("employeeNumber,status,orgUnitCode,effectiveDate\n1,在職,,2026-04-01\n", "hr.csv: line 2: orgUnitCode is empty"),
        ("employeeNumber,status,effectiveDate\n1,休職,2026-04-01\n", "hr.csv: line 2: orgUnitCode is empty"),
        ("employeeNumber,status,orgUnitCode,effectiveDate\n1,退職,K,\n", "hr.csv: line 2: effectiveDate is empty"),
        ("employeeNumber,status\n1,退職\n", "hr.csv: line 2: effectiveDate is empty"),
        ("employeeNumber,orgUnitCode\n1,K\n", "hr.csv: line 1: the header has no status column"),
        ("status,orgUnitCode\n在職,K\n", "hr.csv: line 1: the header has no employeeNumber column"),
        ("employeeNumber,status,status\n1,在職,在職\n", "hr.csv: line 1: the column 'status' appears twice"),
        ("employeeNumber,status,orgUnitCode\n,在職,K\n", "hr.csv: line 2: employeeNumber is empty"),
        ("employeeNumber,status,orgUnitCode\n1,在職\n", "hr.csv: line 2: 2 fields, the header has 3"),
        ("employeeNumber,status,orgUnitCode\n1,在職,K\n2,在職,\"K\n", "hr.csv: line 3: a quoted field is not closed"),
        ("employeeNumber,status,orgUnitCode,name\n1,在職,K,\"a\u{07}b\"\n", "hr.csv: line 2: name contains a control character"),
        ("", "hr.csv: empty file"),
    ])
    func aBadRosterIsOneLineNamingFileAndLine(_ content: String, _ expected: String) throws {
        let error = try #require(failure(Data(content.utf8)))
        #expect(error.kind == .badInput)
        #expect(error.message.contains(expected), "\(error.message)")
        #expect(!error.message.contains("\n") && !error.message.contains("\r"), "\(error.message)")
    }

    @Test func binaryJunkIsNeitherUTF8NorCP932() throws {
        let junk = Data(CP932.ascii("employeeNumber,status,orgUnitCode\n1,active,K\n") + [0x00, 0xFF, 0xFE, 0x80, 0xC3, 0x28, 0xFD, 0xA0, 0x0A])
        let asUTF8 = try #require(failure(junk, .utf8))
        #expect(asUTF8.kind == .badInput && asUTF8.message.hasPrefix("hr.csv: line 3: not UTF-8"), "\(asUTF8.message)")
        #expect(asUTF8.message.contains("hr.encoding"))
        let asCP932 = try #require(failure(junk, .cp932))
        #expect(asCP932.kind == .badInput && asCP932.message.hasPrefix("hr.csv: line 3: not CP932"), "\(asCP932.message)")
        // A CP932 file read as UTF-8 says what to set.
        let cp932AsUTF8 = try #require(failure(CP932.roster, .utf8))
        #expect(cp932AsUTF8.message.hasPrefix("hr.csv: line 2: not UTF-8") && cp932AsUTF8.message.contains("cp932"), "\(cp932AsUTF8.message)")
    }

    @Test func exactlyMaxRowsIsReadAndOneMoreIsRefused() throws {
        // Short rows keep this cheap.
        func roster(rows: Int) -> Data {
            var text = "employeeNumber,status,orgUnitCode\n"
            text.reserveCapacity(rows * 14)
            for i in 0..<rows { text += "\(i),active,K\n" }
            return Data(text.utf8)
        }
        #expect(try parse(roster(rows: RosterCSV.maxRows)).entries.count == RosterCSV.maxRows)
        let error = try #require(failure(roster(rows: RosterCSV.maxRows + 1)))
        #expect(error.kind == .badInput && error.message.hasPrefix("hr.csv: more than \(RosterCSV.maxRows) rows"), "\(error.message)")
    }
}
