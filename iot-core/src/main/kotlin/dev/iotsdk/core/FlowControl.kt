package dev.iotsdk.core

/**
 * Client-side flow control that keeps a connection under AWS IoT's per-connection limits (100 publishes/s and
 * 512 KiB/s inbound to AWS); above them AWS discards or delays. Off by default.
 */
public class FlowControl @JvmOverloads constructor(
    /** Publishes per second. */
    public val publishesPerSecond: Int = 100,
    /** Payload bytes per second. */
    public val bytesPerSecond: Long = 512L * 1024,
) {
    override fun toString(): String = "FlowControl($publishesPerSecond/s, $bytesPerSecond B/s)"

    /** The AWS IoT limits. */
    public companion object {
        /** 100 publishes/s and 512 KiB/s. */
        @JvmField
        public val AWS_IOT: FlowControl = FlowControl()
    }
}
