import ReachCore
