package dev.iotsdk.emulator

/** The function a [CustomAuthorizer] runs; it may block (it runs on an emulator executor thread). */
public fun interface AuthorizerHandler {
    /** Decides about one connection attempt. Throwing counts as a deny. */
    public fun authorize(request: AuthorizerRequest): AuthorizerResult
}
