package dev.iotsdk.core

import dev.iotsdk.common.IotClientException

/** The client was closed; it cannot be used any more. */
public class ClientClosedException(message: String = "The client is closed; create a new one") :
    IotClientException(message)
