package dev.iotsdk.core

import dev.iotsdk.common.IotClientException

/** A configuration value out of range or missing; the message names the setting. */
public class InvalidConfigurationException(message: String) : IotClientException(message)
