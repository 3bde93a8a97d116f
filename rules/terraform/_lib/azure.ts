// Azure resource families that several rules inspect together.

/** App Service and Function app resource types (current and legacy azurerm), slots included. */
export const AZURE_APP_TYPES = [
  'azurerm_linux_web_app',
  'azurerm_windows_web_app',
  'azurerm_linux_function_app',
  'azurerm_windows_function_app',
  'azurerm_linux_web_app_slot',
  'azurerm_windows_web_app_slot',
  'azurerm_linux_function_app_slot',
  'azurerm_windows_function_app_slot',
  'azurerm_app_service',
  'azurerm_function_app',
];
