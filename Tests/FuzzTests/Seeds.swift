import Foundation
import ReachReport
import TestSupport
import Testing

/// The seeds: every scenario fixture folder, and a small organisation written by
/// Benchmarks/generate-org.
enum Seeds {
    /// The scenario folders, each with the questions of its expected.json.
    static let scenarios: [Seed] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.scenarios.path)) ?? []
        return names.sorted().compactMap { name in
            let folder = Repository.scenarios.appendingPathComponent(name)
            guard let expected = try? StoryExpectations.load(from: folder) else { return nil }
            let questions = expected.queries.map {
                Question(function: $0.function, target: $0.target, port: $0.port, protocol: $0.protocol)
            }
            return try? Seed(name: "scenario \(name)", folder: folder, questions: questions)
        }
    }()

    /// The options the organisation is generated with: three VPCs (one without NAT gateways,
    /// two peered), two functions each.
    static let organisationArguments = ["--vpcs", "3", "--functions-per-vpc", "2", "--seed", "7"]

    /// The generated organisation, or why there is none (python3 missing).
    static let organisation: Result<Seed, SeedError> = {
        guard let python = python3() else {
            return .failure(SeedError(reason: "python3 is not on PATH: Benchmarks/generate-org needs it"))
        }
        let folder = testScratchRoot.appendingPathComponent(
            "lambda-reach-fuzz-org-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Repository.generator.path, folder.path] + organisationArguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failure(SeedError(reason: "\(python) could not be started: \(error)"))
        }
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: folder) }
        guard process.terminationStatus == 0 else {
            return .failure(
                SeedError(
                    reason:
                        "generate-org failed with status \(process.terminationStatus): \(String(decoding: stderr, as: UTF8.self))"
                ))
        }
        do {
            return .success(
                try Seed(
                    name: "organisation (generate-org \(organisationArguments.joined(separator: " ")))",
                    folder: folder, questions: organisationQuestions(folder)))
        } catch {
            return .failure(SeedError(reason: "the generated organisation could not be read: \(error)"))
        }
    }()

    struct SeedError: Error {
        var reason: String
    }

    /// Questions for the organisation, which has no expected.json: per function, an address in
    /// its VPC's first data subnet on the database port (admitted by the data subnets' custom
    /// ACL) and on 22 (denied by it), so that the ACL's DENY entries decide answers. The audit
    /// already asks every function about the internet, S3, DynamoDB, its databases and its
    /// VPC's interface endpoints.
    static func organisationQuestions(_ folder: URL) throws -> [Question] {
        func list(_ file: String, _ key: String) throws -> [Node] {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            return Node.parse(Array(data))?[key]?.elements ?? []
        }
        var dataSubnet: [String: String] = [:]
        for subnet in try list("Subnets.json", "Subnets") {
            let name = subnet["Tags"]?.elements?.first { $0["Key"]?.text == "Name" }?["Value"]?.text ?? ""
            guard name.hasPrefix("data-"), let vpc = subnet["VpcId"]?.text, dataSubnet[vpc] == nil,
                let cidr = subnet["CidrBlock"]?.text, let base = cidr.split(separator: "/").first
            else { continue }
            let octets = base.split(separator: ".")
            dataSubnet[vpc] = octets.dropLast().joined(separator: ".") + ".10"
        }
        var questions: [Question] = []
        for function in try list("Functions.json", "Functions") {
            guard let name = function["FunctionName"]?.text, let vpc = function["VpcConfig"]?["VpcId"]?.text else {
                continue
            }
            if let address = dataSubnet[vpc] {
                questions.append(Question(function: name, target: "ip:\(address):5432", port: nil, protocol: nil))
                questions.append(Question(function: name, target: "ip:\(address):22", port: nil, protocol: nil))
            }
        }
        return questions
    }

    static func python3() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
