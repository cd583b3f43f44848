/// Collects AWS CLI exports from a live account (see CollectCommand).
public enum ReachCollect {}
