package dev.iotsdk.common.internal.http

/**
 * Marks code that uses JDK API Android lacks (`java.net.http`) and is loaded only when the user chooses
 * [dev.iotsdk.common.HttpEngine.JAVA], after [HttpClients] checked that `java.net.http` exists (the runtime guard), so
 * the build's Android API 26 check (animal-sniffer, root pom `sdk-module` profile) skips it.
 */
@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS)
internal annotation class JdkOnly
