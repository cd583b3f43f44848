/// Adds up the wall-clock time spent in each named stage, in the order the stages first ran:
/// the audit's stages, and the command's around them, for `LAMBDA_REACH_TIMINGS`.
package struct StageClock: Sendable {
    package private(set) var stages: [(name: String, duration: Duration)] = []
    private var last = ContinuousClock.now

    package init() {}

    /// Charges the time since the previous lap to `name`.
    package mutating func lap(_ name: String) {
        let now = ContinuousClock.now
        if let index = stages.firstIndex(where: { $0.name == name }) {
            stages[index].duration += now - last
        } else {
            stages.append((name, now - last))
        }
        last = now
    }

    /// Appends `inner`, stages measured by another clock since the previous lap, instead of
    /// charging that time as a lap of this one.
    package mutating func include(_ inner: [(name: String, duration: Duration)]) {
        for stage in inner {
            if let index = stages.firstIndex(where: { $0.name == stage.name }) {
                stages[index].duration += stage.duration
            } else {
                stages.append(stage)
            }
        }
        last = ContinuousClock.now
    }
}
