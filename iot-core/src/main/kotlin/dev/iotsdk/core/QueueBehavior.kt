package dev.iotsdk.core

/**
 * What happens to operations that are not complete when the connection is lost (mirrors the AWS v2 SDKs'
 * `ClientOperationQueueBehavior`). Unacknowledged QoS 1 publishes are always kept and sent again.
 */
public enum class QueueBehavior {
    /** Fail QoS 0 publishes; keep QoS 1 publishes, subscribes and unsubscribes (the default). */
    FAIL_QOS0_PUBLISH_ON_DISCONNECT,

    /** Keep only QoS 1 publishes; fail everything else. */
    FAIL_NON_QOS1_PUBLISH_ON_DISCONNECT,

    /** Fail everything except unacknowledged QoS 1 publishes, which MQTT requires to be sent again. */
    FAIL_ALL_ON_DISCONNECT,
}
