#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Adds up the time spent in each named stage, in the order the stages first ran: the audit's
/// stages, and the command's around them, for `LAMBDA_REACH_TIMINGS`. Each stage has its
/// wall-clock time and the CPU time of the whole process (every thread) meanwhile: their ratio
/// is how many cores the stage kept busy, which says where a core sat idle.
package struct StageClock: Sendable {
    /// A stage's wall-clock time and the process's CPU time during it.
    package typealias Stage = (name: String, duration: Duration, cpu: Duration)

    package private(set) var stages: [Stage] = []
    private var last = ContinuousClock.now
    /// Whose CPU time the stages count: the process's, or one thread's (a stage run on a
    /// thread of its own, beside others, such as the import's reading of files).
    private let cpuClock: clockid_t
    private var lastCPU: Duration

    package init(thisThreadOnly: Bool = false) {
        cpuClock = thisThreadOnly ? CLOCK_THREAD_CPUTIME_ID : CLOCK_PROCESS_CPUTIME_ID
        lastCPU = Self.cpuTime(cpuClock)
    }

    /// Charges the time since the previous lap to `name`.
    package mutating func lap(_ name: String) {
        let (now, cpu) = (ContinuousClock.now, Self.cpuTime(cpuClock))
        add(name, now - last, cpu - lastCPU)
        (last, lastCPU) = (now, cpu)
    }

    /// Appends `inner`, stages measured by another clock since the previous lap, instead of
    /// charging that time as a lap of this one.
    package mutating func include(_ inner: [Stage]) {
        for stage in inner { add(stage.name, stage.duration, stage.cpu) }
        (last, lastCPU) = (ContinuousClock.now, Self.cpuTime(cpuClock))
    }

    /// Adds the times to the stage `name`, which is new or ran before.
    private mutating func add(_ name: String, _ duration: Duration, _ cpu: Duration) {
        if let index = stages.firstIndex(where: { $0.name == name }) {
            stages[index].duration += duration
            stages[index].cpu += cpu
        } else {
            stages.append((name, duration, cpu))
        }
    }

    /// The CPU time of every thread of the process (or of this thread) so far.
    static func cpuTime(_ clock: clockid_t) -> Duration {
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return .zero }
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
