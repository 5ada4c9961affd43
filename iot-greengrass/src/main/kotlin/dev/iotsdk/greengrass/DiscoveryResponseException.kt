package dev.iotsdk.greengrass

/** The discovery answer was malformed, truncated or larger than the configured bound; nothing was returned. */
public class DiscoveryResponseException(message: String, cause: Throwable? = null) :
    DiscoveryClientException(message, cause, false)
