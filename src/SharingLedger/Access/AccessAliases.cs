// Every endpoint declares its access with [Allow(Roles.X, ...)] (AllowAttribute) without importing the Access slice.
global using AllowAttribute = SharingLedger.Access.AllowAttribute;
global using Roles = SharingLedger.Access.Roles;
