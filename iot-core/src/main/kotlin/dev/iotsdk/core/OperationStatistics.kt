package dev.iotsdk.core

/**
 * Counters of the operations the client holds, like the AWS v2 SDKs' operation statistics.
 *
 * *Incomplete* operations were submitted but have not completed (queued offline or in flight); *unacked* ones were
 * sent and await their acknowledgement.
 */
public class OperationStatistics(
    /** Operations submitted and not yet completed. */
    public val incompleteOperationCount: Long,
    /** Payload bytes of [incompleteOperationCount]. */
    public val incompleteOperationSize: Long,
    /** Operations sent and awaiting an acknowledgement. */
    public val unackedOperationCount: Long,
    /** Payload bytes of [unackedOperationCount]. */
    public val unackedOperationSize: Long,
    /** Operations failed because the offline queue overflowed, since the client was created. */
    public val droppedByOverflow: Long,
    /** Incoming QoS 0 messages dropped because subscribers did not keep up, since the client was created. */
    public val droppedIncoming: Long,
    /**
     * Torn or corrupt tails a [DurableQueue] skipped when it was opened (a crash mid-write leaves one; the publish it
     * held had not returned, unless the storage device lost data that was forced to it).
     */
    public val durableRecordsSkipped: Long = 0,
) {
    override fun toString(): String =
        "OperationStatistics(incomplete=$incompleteOperationCount/$incompleteOperationSize B, " +
            "unacked=$unackedOperationCount/$unackedOperationSize B, droppedByOverflow=$droppedByOverflow, " +
            "droppedIncoming=$droppedIncoming, durableRecordsSkipped=$durableRecordsSkipped)"
}
