/// The whole configuration (SPEC 6), with the SPEC's defaults.
public struct Configuration: Sendable, Equatable {
    public struct Organization: Sendable, Equatable {
        public var name = "翠川市"
        public var responsibleSection = "ＤＸ推進課"
        public var departmentLevel = 2
        public var timeZone = "Asia/Tokyo"
    }

    public struct Managers: Sendable, Equatable {
        public var positions = ["部長", "次長", "課長", "課長補佐", "参事", "室長", "所長"]
    }

    public struct Rules: Sendable, Equatable {
        public var transferGraceDays = 30
        public var disabled: [String] = []
    }

    public struct Store: Sendable, Equatable {
        public var path = "./lwgov.sqlite"
        public var keepSnapshots = 24
    }

    public enum SourceKind: String, Sendable, Equatable {
        case api, files
    }

    public struct Source: Sendable, Equatable {
        public var kind = SourceKind.files
        public var filesDir = ""
    }

    public struct API: Sendable, Equatable {
        public var domainId = 0
        public var clientId = ""
        public var clientSecretFile = ""
        public var serviceAccount = ""
        public var privateKeyFile = ""
        public var baseURL = "https://www.worksapis.com/v1.0"
        public var authURL = "https://auth.worksmobile.com/oauth2/v2.0/token"
    }

    public struct Output: Sendable, Equatable {
        public var dir = "./reports"
        public var templatesDir = ""
    }

    public var organization = Organization()
    public var managers = Managers()
    public var rules = Rules()
    public var store = Store()
    public var source = Source()
    public var api = API()
    public var output = Output()

    public init() {}
}
