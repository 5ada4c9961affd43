package dev.iotsdk.core

import dev.iotsdk.common.IotClientException

/** QoS 2 (or any level but 0 and 1) was asked for; AWS IoT supports QoS 0 and 1 only. */
public class UnsupportedQosException(
    /** The level asked for. */
    public val level: Int,
) : IotClientException("QoS $level is not supported: AWS IoT supports QoS 0 and 1 only; use Qos.AT_LEAST_ONCE")
