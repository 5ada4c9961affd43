package dev.iotsdk.core

import dev.iotsdk.common.IotClientException

/** No acknowledgement arrived within the operation's deadline. */
public class OperationTimeoutException(message: String) : IotClientException(message, isRetryable = true)
