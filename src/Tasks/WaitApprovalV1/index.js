// Generated from StepCatalog by `dotnet run --project src/Graylane.Packaging -- write`.
require('./run-graylane.js')('wait-approval');
