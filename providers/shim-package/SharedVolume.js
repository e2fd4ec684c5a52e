module.exports = require("./make.js")("SharedVolume");
