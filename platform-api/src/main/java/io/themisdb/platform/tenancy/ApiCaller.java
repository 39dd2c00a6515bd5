package io.themisdb.platform.tenancy;

/**
 * The tenant and API client behind a /v1 request, taken from the verified token and never from the
 * request body or path. Declare it as a controller parameter to get it.
 */
public record ApiCaller(Tenant tenant, String clientId) {}
