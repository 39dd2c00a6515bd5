package io.themisdb.platform.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first operator account, created on the first start of an empty control plane ({@code
 * themis.bootstrap.*}, e.g. {@code THEMIS_BOOTSTRAP_OPERATOR_PASSWORD}).
 *
 * @param operatorEmail login of the first operator; default {@code operator@themisdb.local}
 * @param operatorPassword its password, at least {@value OperatorBootstrap#MIN_PASSWORD_LENGTH}
 *     characters; when unset, one is generated and printed once to the log
 */
@ConfigurationProperties("themis.bootstrap")
record BootstrapSettings(
    @DefaultValue("operator@themisdb.local") String operatorEmail, String operatorPassword) {

  @Override
  public String toString() {
    return "BootstrapSettings[operatorEmail=" + operatorEmail + ", operatorPassword=<redacted>]";
  }
}
