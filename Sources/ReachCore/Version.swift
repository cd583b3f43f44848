public enum ReachCoreVersion { public static let string = "0.1.0" }
