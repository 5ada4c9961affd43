package dev.iotsdk.core

import dev.iotsdk.common.IotClientException

/** A topic name or filter that MQTT or AWS IoT would refuse; nothing was sent. */
public class InvalidTopicException(message: String) : IotClientException(message)
