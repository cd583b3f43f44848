/// Adds up the wall-clock time spent in each named stage, in the order the stages first ran:
/// the audit's stages, and the command's around them, for `LAMBDA_REACH_TIMINGS`.
package struct StageClock: Sendable {
    package private(set) var stages: [(name: String, duration: Duration)] = []
    private var last = ContinuousClock.now

    package init() {}

    /// Charges the time since the previous lap to `name`.
    package mutating func lap(_ name: String) {
        let now = ContinuousClock.now
        add(name, now - last)
        last = now
    }

    /// Appends `inner`, stages measured by another clock since the previous lap, instead of
    /// charging that time as a lap of this one.
    package mutating func include(_ inner: [(name: String, duration: Duration)]) {
        for stage in inner { add(stage.name, stage.duration) }
        last = ContinuousClock.now
    }

    /// Adds `duration` to the stage `name`, which is new or ran before.
    private mutating func add(_ name: String, _ duration: Duration) {
        if let index = stages.firstIndex(where: { $0.name == name }) {
            stages[index].duration += duration
        } else {
            stages.append((name, duration))
        }
    }
}
