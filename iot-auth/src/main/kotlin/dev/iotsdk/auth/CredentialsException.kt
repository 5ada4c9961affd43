package dev.iotsdk.auth

import dev.iotsdk.model.IotClientException

/**
 * No credentials could be obtained: variables missing, a profile or file absent or incomplete, every provider of a
 * chain failed. The message says where the provider looked and what to set; it never contains a secret.
 */
public class CredentialsException(message: String, cause: Throwable? = null) : IotClientException(message, cause)
